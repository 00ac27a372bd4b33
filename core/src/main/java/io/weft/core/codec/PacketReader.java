package io.weft.core.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Owned by the connection's reader thread. Reads whole packets from a blocking stream through one
 * small buffer allocated once: each {@code read()} on the stream takes as much as it gives, so several
 * small packets in one TCP segment cost one system call, and an idle connection holds only the buffer.
 * A body too large for the buffer gets an array of its exact size, but only after its declared length
 * has passed the maximum packet size check.
 */
public final class PacketReader {

    /** The size of the internal read buffer. */
    public static final int BUFFER_SIZE = 1024;

    private final InputStream in;
    private final int maximumPacketSize;
    private final byte[] buffer;
    private int start;
    private int end;

    public PacketReader(InputStream in, int maximumPacketSize) {
        this(in, maximumPacketSize, BUFFER_SIZE);
    }

    PacketReader(InputStream in, int maximumPacketSize, int bufferSize) {
        if (maximumPacketSize < 2) {
            throw new IllegalArgumentException("maximum packet size must be at least 2: " + maximumPacketSize);
        }
        if (bufferSize < 8) {
            throw new IllegalArgumentException("buffer size must be at least 8: " + bufferSize);
        }
        this.in = in;
        this.maximumPacketSize = maximumPacketSize;
        this.buffer = new byte[bufferSize];
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

    /** Whether bytes of a further packet are already buffered, so a caller may delay flushing its replies. */
    public boolean hasBufferedData() {
        return end > start;
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
        }
        return true;
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
