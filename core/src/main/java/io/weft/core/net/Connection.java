package io.weft.core.net;

import io.weft.core.codec.MalformedPacketException;
import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.PacketReader;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.ReasonCode;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.metrics.MemoryBudget;
import io.weft.core.net.PacketHandler.CloseCause;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Owned by its reader virtual thread, which runs {@link #serve}; {@link #send}, {@link #closeAfterFlush}
 * and {@link #close} may be called from any thread. A writer virtual thread runs only while packets are
 * queued (see PacketWriter), so an idle connection parks one thread. One try/finally per connection frees
 * the socket whatever happens.
 */
public final class Connection implements PacketSink {

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    /** How long the reader, once done, waits for the writer to flush before it closes the socket. */
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(5);
    private static final VarHandle CLOSED;
    private static final VarHandle PACKETS_RECEIVED;
    /** How long a 5.0 client that timed out gets to take its DISCONNECT 0x8D before the socket closes. */
    private static final long TIMEOUT_DISCONNECT_GRACE_MILLIS = 1_000;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(Connection.class, "closed", boolean.class);
            PACKETS_RECEIVED = MethodHandles.lookup().findVarHandle(Connection.class, "packetsReceived", int.class);
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    private final Socket socket;
    private final int maximumPacketSize;
    private final PacketWriter writer;
    /** Null when the connection's bytes are not counted. */
    private final LongAdder bytesReceived;
    /** Set once by {@link #closeSocket} (a field with a VarHandle, not an AtomicBoolean per connection). */
    private volatile boolean closed;
    private volatile CloseCause closeCause;
    /** Until the first packet (CONNECT) arrives; reader thread only. */
    private ScheduledFuture<?> connectDeadline;
    /** Null until CONNECT names the client; log names are built when logged, not kept per connection. */
    private volatile String clientId;
    /**
     * Packets received, written by the reader with an opaque store (a plain move: no clock read and no
     * fence per packet) and read by the keep-alive sweep, which notices activity by the count changing.
     */
    private int packetsReceived;
    /** 1.5 x keep alive in nanoseconds; set before the connection joins the sweep. */
    private long silenceLimitNanos;
    /** Timer thread only, after {@link #keepAlive}: the count at the last sweep and when it last changed. */
    private int packetsAtLastSweep;
    private long lastActivityNanos;
    /** Set by {@link #serve}; null before. */
    private KeepAliveMonitor keepAliveMonitor;
    /** Set by {@link #countInbound} (5.0 only); {@link #send} counts acknowledgements against it. */
    private volatile InboundWindow inbound;
    /** The publish rate and bandwidth limits; null (one test per packet) when there are none. */
    private Throttle throttle;
    /** The writer backlog beyond which the reader stops reading (see WriterBackpressure). */
    private int backlogLimit = Integer.MAX_VALUE;

    public Connection(Socket socket, int maximumPacketSize) throws IOException {
        this(socket, maximumPacketSize, null, MemoryBudget.UNLIMITED);
    }

    /**
     * A connection whose socket bytes are added to {@code counters} (null: not counted) and whose QoS 0 PUBLISH
     * packets waiting for the writer are accounted in {@code budget}.
     */
    public Connection(Socket socket, int maximumPacketSize, BrokerCounters counters, MemoryBudget budget)
            throws IOException {
        this.socket = socket;
        this.maximumPacketSize = maximumPacketSize;
        this.bytesReceived = counters == null ? null : counters.bytesReceived;
        OutputStream out = socket.getOutputStream();
        this.writer = new PacketWriter(counters == null ? out : CountingStreams.counted(out, counters.bytesSent),
                this::writerEnded, budget);
    }

    public SocketAddress remoteAddress() {
        return socket.getRemoteSocketAddress();
    }

    /** The listener's address this connection reached. */
    public SocketAddress localAddress() {
        return socket.getLocalSocketAddress();
    }

    /** A name for log lines: the client id once known, and the remote address. */
    public String name() {
        String id = clientId;
        return id == null ? String.valueOf(socket.getRemoteSocketAddress()) : id + "@" + socket.getRemoteSocketAddress();
    }

    public void name(String clientId) {
        this.clientId = clientId;
    }

    /** Sets the protocol version the writer encodes with (after CONNECT). */
    public void version(ProtocolVersion version) {
        writer.version(version);
    }

    /** The version the writer encodes with (3.1.1 until CONNECT sets it). */
    public ProtocolVersion version() {
        return writer.version();
    }

    /**
     * After a 5.0 CONNECT, before CONNACK is queued: topic aliases the broker may assign towards the client
     * (0 for none), whether it wants Reason Strings and User Properties on acknowledgements, and its Maximum
     * Packet Size ({@code Long.MAX_VALUE} when it set none). See OutboundRules.
     */
    public void outbound(int topicAliases, boolean problemInformation, long maximumPacketSize) {
        writer.rules(new OutboundRules(topicAliases, problemInformation, maximumPacketSize));
    }

    /**
     * Closes the connection after {@code millis} unless the returned task is cancelled first: bounds work before
     * CONNACK that the connect timeout no longer covers (it ends with the first packet), such as an AUTH
     * exchange. Only once {@link #serve} runs.
     */
    public ScheduledFuture<?> closeUnlessDoneWithin(long millis, String what) {
        return keepAliveMonitor.schedule(() -> {
            LOG.log(System.Logger.Level.INFO, "{0}: {1} not done within {2} ms; closing", name(), what, millis);
            close(CloseCause.TIMEOUT);
        }, millis);
    }

    /** 5.0: from now on {@link #send} counts the broker's acknowledgements for {@link #inboundStarted}. */
    public void countInbound() {
        inbound = new InboundWindow();
    }

    /**
     * Reader thread, 5.0 after {@link #countInbound}: a new QoS 1/2 PUBLISH arrived; false when it makes more
     * than {@code receiveMaximum} unacknowledged (the caller ends the connection with 0x93 [MQTT-3.3.4-9]).
     */
    public boolean inboundStarted(int receiveMaximum) {
        InboundWindow window = inbound;
        return window == null || window.started(receiveMaximum);
    }

    /** QoS 1/2 PUBLISH packets from the client not yet acknowledged by the broker (for tests and logs). */
    public int inboundUnacknowledged() {
        InboundWindow window = inbound;
        return window == null ? 0 : window.unacknowledged();
    }

    /**
     * After CONNECT: the connection is closed once nothing has been received for {@code silenceMillis}
     * (1.5 x keep alive; 0 = never).
     */
    public void keepAlive(long silenceMillis) {
        if (silenceMillis > 0 && keepAliveMonitor != null) {
            silenceLimitNanos = TimeUnit.MILLISECONDS.toNanos(silenceMillis);
            packetsAtLastSweep = (int) PACKETS_RECEIVED.getOpaque(this);
            lastActivityNanos = System.nanoTime();
            keepAliveMonitor.watch(this); // publishes the fields above to the timer thread
        }
    }

    /**
     * Timer thread: true once no packet has arrived for the silence limit. Activity is seen at the sweep
     * after it, so the close comes late by up to two sweep periods, never early.
     */
    boolean keepAliveExpired(long nowNanos) {
        int received = (int) PACKETS_RECEIVED.getOpaque(this);
        if (received != packetsAtLastSweep) {
            packetsAtLastSweep = received;
            lastActivityNanos = nowNanos;
            return false;
        }
        return nowNanos - lastActivityNanos > silenceLimitNanos;
    }

    /**
     * Called by the keep-alive sweep: the reader wakes up from its read and ends the connection. A 5.0 client
     * is told first with DISCONNECT 0x8D (Keep alive timeout); the socket closes once that is written, or
     * after a short grace when the client does not read.
     */
    void expireKeepAlive(ScheduledExecutorService timer) {
        LOG.log(System.Logger.Level.INFO, "{0}: nothing received within {1} ms (1.5 x keep alive); closing", name(),
                TimeUnit.NANOSECONDS.toMillis(silenceLimitNanos));
        if (!version().isMqtt5()) {
            close(CloseCause.TIMEOUT);
            return;
        }
        send(new MqttPacket.Disconnect(ReasonCode.KEEP_ALIVE_TIMEOUT, MqttProperties.builder()
                .put(PropertyId.REASON_STRING, "nothing received within 1.5 x keep alive").build()));
        closeAfterFlush(CloseCause.TIMEOUT);
        timer.schedule(() -> close(CloseCause.TIMEOUT), TIMEOUT_DISCONNECT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Before {@link #serve}: the limits this client's reads are paced by (null for none). */
    public void throttle(Throttle limits) {
        this.throttle = limits;
    }

    /**
     * Before {@link #serve}: the reader stops reading while more than the backlog limit for deliveries bounded
     * by {@code maximumQueuedMessages} (QoS 0) and {@code inflightWindow} (QoS 1/2) is queued for the writer.
     */
    public void backlogLimit(int maximumQueuedMessages, int inflightWindow) {
        this.backlogLimit = WriterBackpressure.limit(maximumQueuedMessages, inflightWindow);
    }

    /**
     * Reader thread, while the throttle parks it: the client is held back, not silent, so the keep-alive
     * sweep must see activity. The sweep only compares the count for change; moving it down never makes it
     * meet the reader's own next value, which counts up from where it was.
     */
    void heldBack() {
        PACKETS_RECEIVED.setOpaque(this, (int) PACKETS_RECEIVED.getOpaque(this) - 1);
    }

    /** Queues a packet for the writer; false if the connection is closing (the packet is not sent). */
    @Override
    public boolean send(MqttPacket packet) {
        InboundWindow window = inbound;
        if (window != null && !(packet instanceof MqttPacket.Publish)) {
            window.sent(packet);
        }
        return writer.enqueue(packet);
    }

    /** The client's DISCONNECT arrived with {@code reason}: kept for the metrics, as a DISCONNECT sent is. */
    public void disconnectReceived(ReasonCode reason) {
        writer.disconnectReceived(reason);
    }

    /** The reason code of the first DISCONNECT sent to or received from the client (for metrics), or null. */
    public ReasonCode disconnectReason() {
        return writer.disconnectReason();
    }

    /** Packets waiting for the writer (bounded by the sender for QoS 0 floods). */
    public int backlog() {
        return writer.backlog();
    }

    /** Payload bytes of the PUBLISH packets waiting for the writer (the per-session byte limit for QoS 0). */
    public long backlogBytes() {
        return writer.backlogBytes();
    }

    /** Drops the oldest QoS 0 PUBLISH waiting for the writer (a slow consumer's overflow); false if none waits. */
    public boolean dropOldestAtMostOnce() {
        return writer.dropOldestAtMostOnce();
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
        return closed;
    }

    /**
     * The reader loop: runs on the connection's virtual thread until the connection ends. Reads never time
     * out: the CONNECT deadline is a whole-packet deadline on {@code timer} (a client trickling one byte at a
     * time must not hold the connection), and the keep alive is the monitor's sweep. A timed read would also
     * make the reader's first park deeper, and its stack chunk, kept for the connection's life, larger.
     */
    public void serve(PacketHandler handler, int connectTimeoutMillis, ScheduledExecutorService timer,
                      KeepAliveMonitor keepAliveMonitor) {
        CloseCause cause = null;
        Throwable problem = null;
        this.keepAliveMonitor = keepAliveMonitor;
        int received = 0;
        armConnectDeadline(handler, connectTimeoutMillis, timer);
        try {
            PacketReader reader = new PacketReader(input(), maximumPacketSize);
            while (closeCause == null) {
                MqttPacket packet = reader.read(handler.version());
                if (packet == null) {
                    break;
                }
                PACKETS_RECEIVED.setOpaque(this, ++received);
                if (throttle != null && !throttle.pace(this, packet, reader.lastPacketSize(), handler.version())) {
                    break;
                }
                handler.onPacket(packet);
                if (writer.backlog() > backlogLimit) {
                    WriterBackpressure.await(this, backlogLimit);
                }
                if (!reader.hasBufferedData()) {
                    handler.onReadIdle();
                }
                if (connectDeadline != null) {
                    disarmConnectDeadline();
                }
            }
        } catch (MalformedPacketException malformed) {
            cause = CloseCause.PROTOCOL_ERROR;
            problem = malformed;
            handler.onMalformed(malformed);
        } catch (IOException | RuntimeException failure) {
            cause = CloseCause.CONNECTION_LOST;
            problem = failure;
            if (failure instanceof RuntimeException) {
                LOG.log(System.Logger.Level.ERROR, name() + ": unexpected failure, closing the connection", failure);
            }
        } finally {
            keepAliveMonitor.forget(this);
            if (connectDeadline != null) {
                disarmConnectDeadline();
            }
            CloseCause reported = closeCause != null ? closeCause : cause != null ? cause : CloseCause.CONNECTION_LOST;
            try {
                handler.onClosed(reported, problem);
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.ERROR, name() + ": failure while closing", failure);
            } finally {
                writer.closeAfterFlush();
                flushBeforeClose();
                closeSocket();
            }
        }
    }

    /** The socket's input, counted when the broker counts bytes (a method: no extra local in {@link #serve}). */
    private InputStream input() throws IOException {
        InputStream in = socket.getInputStream();
        return bytesReceived == null ? in : CountingStreams.counted(in, bytesReceived);
    }

    /** A field, not a local of {@link #serve}: every local there is kept in each parked reader's stack. */
    private void armConnectDeadline(PacketHandler handler, int connectTimeoutMillis, ScheduledExecutorService timer) {
        connectDeadline = timer.schedule(() -> {
            if (handler.version() == null) {
                LOG.log(System.Logger.Level.INFO, "{0}: no CONNECT within {1} ms; closing", name(), connectTimeoutMillis);
                close(CloseCause.TIMEOUT);
            }
        }, connectTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Cancelled tasks leave the timer at once, so a connected client holds nothing there. */
    private void disarmConnectDeadline() {
        connectDeadline.cancel(false);
        connectDeadline = null;
    }

    /** Bounded: a client that does not read must not keep the reader (and the socket) forever. */
    private void flushBeforeClose() {
        try {
            if (!writer.awaitDrained(FLUSH_WAIT.toMillis())) {
                LOG.log(System.Logger.Level.WARNING, "{0}: writer did not finish in 5 s, closing", name());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A writer that ends (flushed after close, or failed) ends the connection: the reader wakes up. */
    private void writerEnded(Throwable failure) {
        if (failure instanceof IOException lost) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: write failed: {1}", name(), lost.getMessage());
        } else if (failure != null) {
            LOG.log(System.Logger.Level.ERROR, name() + ": writer failed", failure);
        }
        closeSocket();
    }

    private void closeSocket() {
        if (CLOSED.compareAndSet(this, false, true)) {
            try {
                socket.close();
            } catch (IOException ignored) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: close failed: {1}", name(), ignored.getMessage());
            }
        }
    }
}
