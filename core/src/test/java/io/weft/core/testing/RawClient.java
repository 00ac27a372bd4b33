package io.weft.core.testing;

import io.weft.core.codec.MalformedPacketException;
import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.PacketEncoder;
import io.weft.core.codec.PacketReader;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.WriteBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HexFormat;

/**
 * A raw-socket MQTT peer for tests: sends packets or arbitrary bytes, reads what the broker answers.
 * Owned by the test thread. Every read has a deadline (the socket timeout), so a test never hangs.
 */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final PacketReader reader;
    private final ProtocolVersion version;

    public RawClient(int port, ProtocolVersion version) {
        this.version = version;
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5_000);
            socket.setTcpNoDelay(true);
            reader = new PacketReader(socket.getInputStream(), Integer.MAX_VALUE);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    public RawClient send(MqttPacket packet) {
        WriteBuffer buffer = new WriteBuffer();
        PacketEncoder.encode(packet, version, buffer);
        return sendBytes(java.util.Arrays.copyOf(buffer.array(), buffer.size()));
    }

    /** Sends bytes given as hex, spaces allowed: {@code "10 0c 00 04 4d 51 54 54"}. */
    public RawClient sendHex(String hex) {
        return sendBytes(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    public RawClient sendBytes(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** The next packet from the broker; fails the test if none arrives within the timeout. */
    public MqttPacket receive() {
        try {
            MqttPacket packet = reader.read(version);
            if (packet == null) {
                throw new AssertionError("the broker closed the connection instead of sending a packet");
            }
            return packet;
        } catch (IOException | MalformedPacketException failure) {
            throw new AssertionError("no packet from the broker: " + failure, failure);
        }
    }

    /** The next packet, cast to the expected type. */
    public <P extends MqttPacket> P receive(Class<P> type) {
        MqttPacket packet = receive();
        if (!type.isInstance(packet)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + packet);
        }
        return type.cast(packet);
    }

    /** True when the broker closes the connection (end of stream or reset) within the timeout. */
    public boolean closedByBroker() {
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int read = in.read(new byte[256]);
                if (read < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** True when the broker closes the connection within {@code deadline}; any bytes before that are skipped. */
    public boolean closedByBrokerWithin(java.time.Duration deadline) {
        try {
            socket.setSoTimeout((int) deadline.toMillis());
            try {
                return closedByBroker();
            } finally {
                if (!socket.isClosed()) {
                    socket.setSoTimeout(5_000);
                }
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /**
     * True when the broker closes the connection without sending a single byte (no CONNACK, no DISCONNECT);
     * false when a byte arrives first or the connection stays open for the read timeout.
     */
    public boolean closedWithoutReply() {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Exactly {@code count} raw bytes from the socket, to check an encoding byte by byte (before any receive()). */
    public byte[] receiveBytes(int count) {
        try {
            byte[] bytes = socket.getInputStream().readNBytes(count);
            if (bytes.length < count) {
                throw new AssertionError("the broker closed the connection after " + bytes.length + " of " + count
                        + " bytes: " + HexFormat.of().formatHex(bytes));
            }
            return bytes;
        } catch (IOException failure) {
            throw new AssertionError("no bytes from the broker: " + failure, failure);
        }
    }

    public ProtocolVersion version() {
        return version;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
