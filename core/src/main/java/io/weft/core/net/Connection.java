package io.weft.core.net;

import io.weft.core.codec.MalformedPacketException;
import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.PacketReader;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.net.PacketHandler.CloseCause;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Owned by its reader virtual thread, which runs {@link #serve}; {@link #send}, {@link #closeAfterFlush}
 * and {@link #close} may be called from any thread. A second virtual thread writes (see PacketWriter).
 * One try/finally per connection frees the socket whatever happens.
 */
public final class Connection {

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private final Socket socket;
    private final int maximumPacketSize;
    private final PacketWriter writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CloseCause closeCause;
    private volatile String name;

    public Connection(Socket socket, int maximumPacketSize) throws IOException {
        this.socket = socket;
        this.maximumPacketSize = maximumPacketSize;
        this.writer = new PacketWriter(socket.getOutputStream());
        this.name = String.valueOf(socket.getRemoteSocketAddress());
    }

    public SocketAddress remoteAddress() {
        return socket.getRemoteSocketAddress();
    }

    /** A name for log lines: the client id once known, and the remote address. */
    public String name() {
        return name;
    }

    public void name(String clientId) {
        name = clientId + "@" + socket.getRemoteSocketAddress();
    }

    /** Sets the protocol version the writer encodes with (after CONNECT). */
    public void version(ProtocolVersion version) {
        writer.version(version);
    }

    /** The read deadline: connect timeout before CONNECT, 1.5 x keep alive after it (0 = none). */
    public void readTimeoutMillis(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (SocketException closedAlready) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: read timeout not set, socket closed", name);
        }
    }

    /** Queues a packet for the writer; false if the connection is closing (the packet is not sent). */
    public boolean send(MqttPacket packet) {
        return writer.enqueue(packet);
    }

    /** Packets waiting for the writer (bounded by the sender for QoS 0 floods). */
    public int backlog() {
        return writer.backlog();
    }

    /** Sends what is queued, then closes; {@code cause} is what the handler will be told. */
    public void closeAfterFlush(CloseCause cause) {
        if (closeCause == null) {
            closeCause = cause;
        }
        writer.closeAfterFlush();
    }

    /** Waits (bounded) until queued packets are written; used by graceful shutdown. */
    public boolean awaitFlushed(long millis) throws InterruptedException {
        return writer.awaitDrained(millis);
    }

    /** Closes the socket now; the reader ends and the handler's onClosed runs on the reader thread. */
    public void close(CloseCause cause) {
        if (closeCause == null) {
            closeCause = cause;
        }
        writer.closeAfterFlush();
        closeSocket();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** The reader loop: runs on the connection's virtual thread until the connection ends. */
    public void serve(PacketHandler handler, int connectTimeoutMillis) {
        Thread writerThread = Thread.ofVirtual().name("weft-writer-" + socket.getPort()).start(this::write);
        CloseCause cause = null;
        Throwable problem = null;
        try {
            readTimeoutMillis(connectTimeoutMillis);
            PacketReader reader = new PacketReader(socket.getInputStream(), maximumPacketSize);
            while (closeCause == null) {
                MqttPacket packet = reader.read(handler.version());
                if (packet == null) {
                    break;
                }
                handler.onPacket(packet);
            }
        } catch (MalformedPacketException malformed) {
            cause = CloseCause.PROTOCOL_ERROR;
            problem = malformed;
            handler.onMalformed(malformed);
        } catch (SocketTimeoutException timeout) {
            cause = CloseCause.TIMEOUT;
            problem = timeout;
        } catch (IOException | RuntimeException failure) {
            cause = CloseCause.CONNECTION_LOST;
            problem = failure;
            if (failure instanceof RuntimeException) {
                LOG.log(System.Logger.Level.ERROR, name + ": unexpected failure, closing the connection", failure);
            }
        } finally {
            CloseCause reported = closeCause != null ? closeCause : cause != null ? cause : CloseCause.CONNECTION_LOST;
            try {
                handler.onClosed(reported, problem);
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.ERROR, name + ": failure while closing", failure);
            } finally {
                writer.closeAfterFlush();
                awaitWriter(writerThread);
                closeSocket();
            }
        }
    }

    private void awaitWriter(Thread writerThread) {
        try {
            if (!writerThread.join(java.time.Duration.ofSeconds(5))) {
                LOG.log(System.Logger.Level.WARNING, "{0}: writer did not finish in 5 s, closing", name);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        try {
            writer.run();
        } catch (IOException lost) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: write failed: {1}", name, lost.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.ERROR, name + ": writer failed", failure);
        } finally {
            // A writer that ends (flushed after close, or failed) ends the connection: the reader wakes up.
            closeSocket();
        }
    }

    private void closeSocket() {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException ignored) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: close failed: {1}", name, ignored.getMessage());
            }
        }
    }
}
