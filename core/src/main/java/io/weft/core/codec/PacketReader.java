package io.weft.core.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Owned by the connection's reader thread. Reads whole packets from a blocking stream through one
 * buffer: each {@code read()} on the stream takes as much as it gives, so several small packets in one
 * TCP segment cost one system call. The buffer adapts: a read that fills it doubles it (more data is
 * likely pending, so a busy connection reads many packets per call), and {@value #SHRINK_AFTER} reads in
 * a row that use at most a quarter of it halve it, so a connection that goes idle parks on a small one.
 * A body too large for the buffer gets an array of its exact size, but only after its declared length
 * has passed the maximum packet size check.
 */
public final class PacketReader {

    /** The size the read buffer starts with and never shrinks below. */
    public static final int MINIMUM_BUFFER_SIZE = 64;
    /** The size the read buffer never grows beyond. */
    public static final int MAXIMUM_BUFFER_SIZE = 16 * 1024;
    /** Consecutive reads using at most a quarter of the buffer before it is halved. */
    static final int SHRINK_AFTER = 4;

    private final InputStream in;
    private final int maximumPacketSize;
    private final int minimumBufferSize;
    private final int maximumBufferSize;
    private byte[] buffer;
    private int start;
    private int end;
    /** Reads in a row that used at most a quarter of the buffer. */
    private int smallReads;
    /** Bytes of the packet {@link #read} returned last, fixed header included (for bandwidth limits). */
    private int lastPacketSize;

    public PacketReader(InputStream in, int maximumPacketSize) {
        this(in, maximumPacketSize, MINIMUM_BUFFER_SIZE, MAXIMUM_BUFFER_SIZE);
    }

    PacketReader(InputStream in, int maximumPacketSize, int minimumBufferSize, int maximumBufferSize) {
        if (maximumPacketSize < 2) {
            throw new IllegalArgumentException("maximum packet size must be at least 2: " + maximumPacketSize);
        }
        if (minimumBufferSize < 8 || maximumBufferSize < minimumBufferSize) {
            throw new IllegalArgumentException("buffer sizes must be at least 8 and in order: " + minimumBufferSize
                    + ", " + maximumBufferSize);
        }
        this.in = in;
        this.maximumPacketSize = maximumPacketSize;
        this.minimumBufferSize = minimumBufferSize;
        this.maximumBufferSize = maximumBufferSize;
        this.buffer = new byte[minimumBufferSize];
    }

    /**
     * Blocks for the next whole packet. Returns null when the stream ends cleanly between packets; an end
     * inside a packet is an {@link EOFException}. {@code version} is null until CONNECT has been read.
     */
    public MqttPacket read(ProtocolVersion version) throws IOException, MalformedPacketException {
        if (!ensureBuffered(1, false)) {
            return null;
        }
        int fixedHeaderByte = buffer[start] & 0xFF;
        PacketDecoder.checkFixedHeader(fixedHeaderByte, version);
        int remainingLength = 0;
        int headerSize = 1;
        while (true) {
            if (headerSize == 5) {
                throw new MalformedPacketException(ReasonCode.MALFORMED_PACKET,
                        "Remaining length is longer than 4 bytes"); // [MQTT-1.5.5]
            }
            ensureBuffered(headerSize + 1, true);
            int digit = buffer[start + headerSize] & 0xFF;
            remainingLength |= (digit & 0x7F) << (7 * (headerSize - 1));
            headerSize++;
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        long packetSize = (long) headerSize + remainingLength;
        if (packetSize > maximumPacketSize) {
            // Checked before anything is allocated or read for the body (5.0 spec 3.1.2.11.4).
            throw new MalformedPacketException(ReasonCode.PACKET_TOO_LARGE, "Packet of " + packetSize
                    + " bytes exceeds the maximum packet size of " + maximumPacketSize);
        }
        lastPacketSize = (int) packetSize;
        if (headerSize + remainingLength <= buffer.length) {
            ensureBuffered(headerSize + remainingLength, true);
            int bodyOffset = start + headerSize;
            start = bodyOffset + remainingLength;
            return PacketDecoder.decode(fixedHeaderByte, buffer, bodyOffset, remainingLength, version);
        }
        byte[] body = new byte[remainingLength];
        int buffered = end - start - headerSize;
        System.arraycopy(buffer, start + headerSize, body, 0, buffered);
        start = end;
        readFully(body, buffered);
        return PacketDecoder.decode(fixedHeaderByte, body, 0, remainingLength, version);
    }

    /** The size in bytes of the packet {@link #read} returned last, fixed header included. */
    public int lastPacketSize() {
        return lastPacketSize;
    }

    /** Whether bytes of a further packet are already buffered, so a caller may delay flushing its replies. */
    public boolean hasBufferedData() {
        return end > start;
    }

    /** The current size of the read buffer. */
    int bufferCapacity() {
        return buffer.length;
    }

    /**
     * Makes {@code count} bytes from {@code start} available, reading as much as the stream offers.
     * Returns false at a clean end of stream when {@code insidePacket} is false and nothing is buffered.
     */
    private boolean ensureBuffered(int count, boolean insidePacket) throws IOException {
        while (end - start < count) {
            if (start == end) {
                start = 0;
                end = 0;
                if (smallReads >= SHRINK_AFTER && buffer.length > minimumBufferSize) {
                    // Nothing is buffered: the smaller array needs no copy, and the read below parks on it.
                    buffer = new byte[Math.max(minimumBufferSize, buffer.length / 2)];
                    smallReads = 0;
                }
            } else if (start + count > buffer.length) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                if (!insidePacket && start == end) {
                    return false;
                }
                throw new EOFException("End of stream inside a packet: " + (end - start) + " of at least "
                        + count + " bytes read");
            }
            end += read;
            adapt(read);
        }
        return true;
    }

    /** Grows the buffer after a read that filled it, counts the reads that used little of it. */
    private void adapt(int read) {
        if (end == buffer.length) {
            smallReads = 0;
            if (buffer.length < maximumBufferSize) {
                byte[] larger = new byte[Math.min(maximumBufferSize, buffer.length * 2)];
                System.arraycopy(buffer, start, larger, 0, end - start);
                end -= start;
                start = 0;
                buffer = larger;
            }
        } else if (read <= buffer.length / 4) {
            smallReads++;
        } else {
            smallReads = 0;
        }
    }

    private void readFully(byte[] body, int offset) throws IOException {
        int position = offset;
        while (position < body.length) {
            int read = in.read(body, position, body.length - position);
            if (read < 0) {
                throw new EOFException("End of stream inside a packet body: " + position + " of " + body.length
                        + " bytes read");
            }
            position += read;
        }
    }
}
