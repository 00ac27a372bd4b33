package io.weft.perf.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Owned by the thread that opens it (the handshake), then by the one thread it is handed to (publisher or
 * subscriber loop). One MQTT connection on a blocking socket.
 */
final class BenchConnection {

    /** Socket buffers for busy connections; the kernel caps them at net.core.[rw]mem_max. */
    private static final int SOCKET_BUFFER = 1024 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final String clientId;
    private final Protocol protocol;
    private final Socket socket;
    private final OutputStream output;
    private final FrameReader reader;
    private boolean sessionPresent;
    private int lastHeader;
    private int lastCode;

    private BenchConnection(String clientId, Protocol protocol, Socket socket, int readBuffer) throws IOException {
        this.clientId = clientId;
        this.protocol = protocol;
        this.socket = socket;
        this.output = socket.getOutputStream();
        this.reader = new FrameReader(socket.getInputStream(), readBuffer);
    }

    /** Opens a busy connection (large buffers, 64 KiB reads) and completes CONNECT/CONNACK. */
    static BenchConnection open(RunContext context, String clientId, SessionMode session)
            throws IOException, RunFailure {
        return open(context, clientId, session, null, true);
    }

    /**
     * Opens a connection and completes CONNECT/CONNACK.
     *
     * @param source local address to bind, or null for the default
     * @param busy   large socket buffers and read buffer (false for idle connections)
     */
    static BenchConnection open(RunContext context, String clientId, SessionMode session,
                                InetSocketAddress source, boolean busy) throws IOException, RunFailure {
        Options options = context.options();
        Socket socket = context.track(new Socket());
        socket.setTcpNoDelay(true);
        if (busy) {
            socket.setSendBufferSize(SOCKET_BUFFER);
            socket.setReceiveBufferSize(SOCKET_BUFFER); // before connect: it sets the TCP window scale
        }
        if (source != null) {
            socket.bind(source);
        }
        try {
            socket.connect(new InetSocketAddress(options.address(), options.port()), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException refused) {
            socket.close();
            throw new RunFailure(RunContext.EXIT_REFUSED, "cannot connect to " + options.host() + ":"
                    + options.port() + ": " + refused.getMessage());
        }
        BenchConnection connection = new BenchConnection(clientId, options.protocol(), socket,
                busy ? FrameReader.DEFAULT_CAPACITY : 256);
        connection.write(MqttEncoder.connect(options.protocol(), clientId, session, 0));
        connection.expect(MqttEncoder.CONNACK, "CONNACK");
        if (connection.lastCode != 0) { // 3.1.1 return code or 5.0 reason code [MQTT-3.2.2-4]
            socket.close();
            throw new RunFailure(RunContext.EXIT_REFUSED, "connection refused (CONNACK 0x"
                    + hex(connection.lastCode) + ") for client " + clientId);
        }
        return connection;
    }

    /** Subscribes to one filter and returns the SUBACK return code (granted QoS, or 0x80 and above). */
    int subscribe(String filter, int qos) throws IOException {
        write(MqttEncoder.subscribe(protocol, 1, filter, qos));
        expect(MqttEncoder.SUBACK, "SUBACK");
        return lastCode;
    }

    /** Sends PINGREQ and waits for PINGRESP, which must be the next packet (for idle connections). */
    void ping() throws IOException {
        write(MqttEncoder.pingreq());
        expect(MqttEncoder.PINGRESP, "PINGRESP");
    }

    void write(byte[] bytes) throws IOException {
        output.write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int length) throws IOException {
        output.write(bytes, 0, length);
    }

    FrameReader reader() {
        return reader;
    }

    Socket socket() {
        return socket;
    }

    String clientId() {
        return clientId;
    }

    Protocol protocol() {
        return protocol;
    }

    boolean sessionPresent() {
        return sessionPresent;
    }

    /** Sends DISCONNECT (normal, keeps a persistent session) and closes the socket. */
    void disconnect() {
        try {
            write(MqttEncoder.disconnect());
            socket.close();
        } catch (IOException alreadyClosed) {
            // the broker or the watchdog closed it first; the session state is the broker's either way
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing is left to release
        }
    }

    /** Stops reading: a read blocked in another thread returns end of stream. */
    void shutdownInput() {
        try {
            socket.shutdownInput();
        } catch (IOException alreadyClosed) {
            // the reader ends on the closed socket just the same
        }
    }

    private void expect(int type, String name) throws IOException {
        reader.next(this::remember);
        if ((lastHeader & 0xF0) != type) {
            throw new IOException("expected " + name + ", got packet type " + (lastHeader >>> 4));
        }
    }

    /** CONNACK: session present and return or reason code; SUBACK: the first return or reason code. */
    private void remember(int header, byte[] buffer, int offset, int length) throws IOException {
        lastHeader = header;
        switch (header & 0xF0) {
            case MqttEncoder.CONNACK -> {
                if (length < 2) {
                    throw new IOException("CONNACK too short");
                }
                sessionPresent = (buffer[offset] & 1) != 0;
                lastCode = buffer[offset + 1] & 0xFF;
            }
            case MqttEncoder.SUBACK -> {
                int position = offset + 2;
                if (protocol.isMqtt5()) {
                    position = VariableInteger.skip(buffer, position);
                }
                if (position >= offset + length) {
                    throw new IOException("SUBACK without a return code");
                }
                lastCode = buffer[position] & 0xFF;
            }
            default -> lastCode = -1;
        }
    }

    static String hex(int code) {
        return String.format("%02X", code);
    }
}
