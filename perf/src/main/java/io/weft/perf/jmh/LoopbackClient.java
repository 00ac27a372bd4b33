package io.weft.perf.jmh;

import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PacketType;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;

/**
 * Owned by one thread at a time (the benchmark thread, or the publisher thread for the publisher). A
 * bare-socket MQTT peer for load: it sends pre-encoded bytes and only frames what comes back (type, body
 * position, packet id), without decoding records, so the client side costs as little CPU as possible next
 * to the broker it measures. Every read has a 10 s deadline, so a lost message fails the run instead of
 * hanging it.
 */
final class LoopbackClient implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private int frameByte;
    private int bodyOffset;
    private int bodyLength;

    private LoopbackClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = socket.getInputStream();
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** Connects with a clean session and no keep alive, and waits for a successful CONNACK. */
    static LoopbackClient connect(int port, String clientId, ProtocolVersion version) throws IOException {
        LoopbackClient client = new LoopbackClient(new Socket("127.0.0.1", port));
        client.write(SamplePackets.encode(new Connect(version, clientId, true, 0, null, null, null,
                MqttProperties.EMPTY), version));
        client.flush();
        if (client.next() != PacketType.CONNACK || client.bodyByte(1) != 0) {
            client.socket.close();
            throw new IOException(clientId + ": connection refused");
        }
        return client;
    }

    /** Subscribes to one filter and waits for the SUBACK granting {@code qos}. */
    void subscribe(String filter, QoS qos, ProtocolVersion version) throws IOException {
        write(SamplePackets.encode(new Subscribe(1, List.of(Subscription.of(filter, qos)), MqttProperties.EMPTY),
                version));
        flush();
        // One filter, no properties: the last byte of the SUBACK is its reason code in 3.1.1 and 5.0.
        if (next() != PacketType.SUBACK || bodyByte(bodyLength - 1) != qos.value()) {
            throw new IOException("subscription to " + filter + " not granted at " + qos);
        }
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    /** PUBACK: type 4, remaining length 2, the packet id (spec 3.4; the 5.0 short form means Success). */
    void writePubAck(int packetId) throws IOException {
        out.write(0x40);
        out.write(2);
        out.write(packetId >>> 8);
        out.write(packetId & 0xFF);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Whether bytes of another packet are already here, so the caller may delay its flush. */
    boolean hasBuffered() {
        return end > bodyOffset + bodyLength;
    }

    /** Blocks for the next whole packet and returns its type; the body stays readable until the next call. */
    PacketType next() throws IOException {
        start = bodyOffset + bodyLength; // past the previous frame
        bodyOffset = start;
        bodyLength = 0;
        int headerSize = 1;
        int remaining = 0;
        int digit;
        do {
            ensure(headerSize + 1);
            digit = buffer[start + headerSize] & 0xFF;
            remaining |= (digit & 0x7F) << (7 * (headerSize - 1));
            headerSize++;
        } while ((digit & 0x80) != 0);
        ensure(headerSize + remaining);
        frameByte = buffer[start] & 0xFF;
        bodyOffset = start + headerSize;
        bodyLength = remaining;
        return PacketType.of(frameByte >>> 4);
    }

    /** The packet id of the current PUBLISH (QoS 1 or 2), PUBACK or SUBACK. */
    int packetId() {
        int position = bodyOffset;
        if (frameByte >>> 4 == PacketType.PUBLISH.value()) {
            position += 2 + ((buffer[position] & 0xFF) << 8 | buffer[position + 1] & 0xFF); // skip the topic
        }
        return (buffer[position] & 0xFF) << 8 | buffer[position + 1] & 0xFF;
    }

    private int bodyByte(int index) {
        return buffer[bodyOffset + index] & 0xFF;
    }

    /** Makes {@code count} bytes from {@code start} available, reading as much as the socket has. */
    private void ensure(int count) throws IOException {
        if (count > buffer.length) {
            buffer = Arrays.copyOfRange(buffer, start, start + Math.max(count, buffer.length * 2));
            end -= start;
            bodyOffset -= start;
            start = 0;
        }
        while (end - start < count) {
            if (start + count > buffer.length) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                bodyOffset -= start;
                start = 0;
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                throw new EOFException("the broker closed the connection");
            }
            end += read;
        }
    }

    /** DISCONNECT, then close. */
    @Override
    public void close() throws IOException {
        try {
            out.write(0xE0);
            out.write(0);
            out.flush();
        } finally {
            socket.close();
        }
    }
}
