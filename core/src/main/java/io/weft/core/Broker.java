package io.weft.core;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.weft.core.codec.ReasonCode;
import io.weft.core.dispatch.DispatchRing;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.metrics.BrokerMetrics;
import io.weft.core.metrics.MemoryBudget;
import io.weft.core.net.Connection;
import io.weft.core.net.ConnectionLimits;
import io.weft.core.net.KeepAliveMonitor;
import io.weft.core.net.Listener;
import io.weft.core.net.PacketHandler;
import io.weft.core.net.RefusingHandler;
import io.weft.core.net.Throttle;
import io.weft.core.plugin.EventSink;
import io.weft.core.plugin.Plugins;
import io.weft.core.protocol.BrokerContext;
import io.weft.core.protocol.ClientProtocol;
import io.weft.core.security.Authenticator;
import io.weft.core.security.EnhancedAuthenticator;
import io.weft.core.session.QueueLimits;
import io.weft.core.session.SessionRegistry;
import io.weft.core.store.Stores;
import io.weft.core.sys.SysTopics;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running broker: one listener, the dispatch ring and the sessions. Created by the composition root
 * ({@code distribution}'s Main) or by tests; {@link #close()} shuts it down gracefully from any thread.
 */
public final class Broker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Broker.class.getName());
    private static final long FLUSH_MILLIS = 5_000;

    private final BrokerSettings settings;
    private final Stores stores;
    private final BrokerCounters counters = new BrokerCounters();
    private final Set<ClientProtocol> clients = ConcurrentHashMap.newKeySet();
    /** Connections beyond a connection limit, read only up to their CONNECT. */
    private final Set<Connection> refusing = ConcurrentHashMap.newKeySet();
    private final ConnectionLimits connectionLimits;
    /** The MQTT listener's own connection count and limit. */
    private final ConnectionLimits.ListenerSlots listenerSlots;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final DispatchRing ring;
    /** Payload bytes queued in all sessions and writers ({@code limits.queued-memory}). */
    private final MemoryBudget budget;
    private final SessionRegistry sessions;
    private final BrokerContext context;
    /** CONNECT deadlines; cancelled tasks are removed at once so connected clients hold nothing here. */
    private final ScheduledThreadPoolExecutor timer;
    private final KeepAliveMonitor keepAliveMonitor;
    private Listener listener;
    /** The $SYS topics' task on the timer, null when they are off; cancelled first on close. */
    private volatile ScheduledFuture<?> sysTopics;
    /** The broker's own registry (never the static default: one JVM may run many brokers). */
    private final PrometheusRegistry metricsRegistry;
    /** Registered at start; removed from the registry on close. */
    private BrokerMetrics metrics;

    private Broker(BrokerSettings settings, Stores stores, Authenticator authenticator,
                   EnhancedAuthenticator enhancedAuthenticator, EventSink events, PrometheusRegistry metricsRegistry) {
        this.settings = settings;
        this.stores = stores;
        this.metricsRegistry = metricsRegistry;
        counters.events(events); // drops reach listener plugins
        this.ring = new DispatchRing(settings.ringSize(), stores, settings.shared(), counters);
        this.budget = new MemoryBudget(settings.limits().effectiveQueuedMemory());
        long sessionBytes = settings.limits().effectiveMaximumQueuedBytes();
        if (sessionBytes != settings.limits().maximumQueuedBytes()) {
            LOG.log(System.Logger.Level.INFO, "limits.max-queued-bytes {0} lowered to {1} bytes, an eighth of the "
                    + "queued-memory budget ({2} bytes), so that one stalled client cannot take the whole budget",
                    settings.limits().maximumQueuedBytes(), sessionBytes, budget.limitBytes());
        }
        this.sessions = new SessionRegistry(settings.inflightWindow(), new QueueLimits(settings.maximumQueuedMessages(),
                sessionBytes, settings.limits().qos0Overflow(), budget), counters, ring);
        this.context = new BrokerContext(settings, sessions, ring, authenticator, counters, closing::get,
                stores.diskQuota(), enhancedAuthenticator, events);
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("weft-timer").daemon(true).factory());
        this.timer.setRemoveOnCancelPolicy(true);
        this.keepAliveMonitor = new KeepAliveMonitor(timer);
        this.connectionLimits = new ConnectionLimits(settings.limits().maximumConnections(),
                settings.limits().connectionRate(), counters);
        this.listenerSlots = new ConnectionLimits.ListenerSlots("mqtt", settings.limits().listenerMaximumConnections());
    }

    /** Binds the listener and starts serving with in-memory stores and anonymous access. */
    public static Broker start(BrokerSettings settings) throws IOException {
        return start(settings, Stores.inMemory(), Authenticator.ALLOW_ANONYMOUS);
    }

    /** Restores stored state, starts the ring, binds the listener; returns once connections are accepted. */
    public static Broker start(BrokerSettings settings, Stores stores, Authenticator authenticator) throws IOException {
        return start(settings, stores, authenticator, EnhancedAuthenticator.NONE);
    }

    /**
     * As {@link #start(BrokerSettings, Stores, Authenticator)}, with MQTT 5 enhanced authentication for the
     * CONNECTs that name an Authentication Method (the others still pass {@code authenticator}).
     */
    public static Broker start(BrokerSettings settings, Stores stores, Authenticator authenticator,
                               EnhancedAuthenticator enhancedAuthenticator) throws IOException {
        return start(settings, stores, authenticator, enhancedAuthenticator, new PrometheusRegistry());
    }

    /**
     * As {@link #start(BrokerSettings, Stores, Authenticator, EnhancedAuthenticator)}, with the broker's metrics
     * registered in {@code metricsRegistry} (the composition root adds JVM and storage metrics to it and serves it).
     */
    public static Broker start(BrokerSettings settings, Stores stores, Authenticator authenticator,
                               EnhancedAuthenticator enhancedAuthenticator, PrometheusRegistry metricsRegistry)
            throws IOException {
        return start(settings, stores, authenticator, enhancedAuthenticator, EventSink.NONE, metricsRegistry);
    }

    /**
     * With plugins: their authentication chain, enhanced authentication and event listeners; the broker's metrics go
     * to {@code metricsRegistry} (give it the one the plugins were made with, so one endpoint serves both). The caller
     * closes {@code plugins} after the broker.
     */
    public static Broker start(BrokerSettings settings, Stores stores, Plugins plugins,
                               PrometheusRegistry metricsRegistry) throws IOException {
        return start(settings, stores, plugins.authenticator(), plugins.enhancedAuthenticator(), plugins.events(),
                metricsRegistry);
    }

    private static Broker start(BrokerSettings settings, Stores stores, Authenticator authenticator,
                                EnhancedAuthenticator enhancedAuthenticator, EventSink events,
                                PrometheusRegistry metricsRegistry) throws IOException {
        Broker broker = new Broker(settings, stores, authenticator, enhancedAuthenticator, events, metricsRegistry);
        // First, while nothing runs: a registry that holds another broker's metrics already fails here.
        broker.metrics = BrokerMetrics.register(metricsRegistry, version(), broker.counters, broker.sessions,
                broker.ring, settings.ringSize(), broker::connectionCount);
        List<Recovery.Restored> restored = broker.restore();
        broker.ring.start();
        long now = System.currentTimeMillis();
        restored.forEach(session -> broker.sessions.resumeExpiry(session.session(), session.detachedAtMillis(), now));
        try {
            broker.listener = Listener.open(settings.bindAddress(), settings.port(), broker::serve);
        } catch (IOException failure) {
            broker.ring.close();
            broker.sessions.close();
            broker.timer.shutdownNow();
            broker.metrics.close();
            throw failure;
        }
        LOG.log(System.Logger.Level.INFO, "listening on {0}", broker.listener.localAddress());
        broker.sysTopics = broker.scheduleSysTopics();
        return broker;
    }

    /** Publishes the $SYS topics now (retained, so a later subscriber gets them) and then every interval. */
    private ScheduledFuture<?> scheduleSysTopics() {
        SysSettings sys = settings.sys();
        if (!sys.enabled()) {
            return null;
        }
        SysTopics topics = SysTopics.of(counters, sessions, ring, System.nanoTime());
        // Publishing waits while the ring is full: on a virtual thread of its own, so that connect deadlines and
        // the keep-alive sweep on the timer never wait behind it; one run at a time.
        AtomicBoolean running = new AtomicBoolean();
        Runnable publish = () -> {
            if (running.compareAndSet(false, true)) {
                Thread.ofVirtual().name("weft-sys").start(() -> {
                    try {
                        topics.publishChanged();
                    } finally {
                        running.set(false);
                    }
                });
            }
        };
        return timer.scheduleAtFixedRate(publish, 0, sys.interval().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Replays the state journal into sessions, queues and retained messages (before the ring starts). */
    private List<Recovery.Restored> restore() {
        long started = System.nanoTime();
        Recovery recovery = new Recovery();
        stores.stateLog().replay(recovery);
        List<Recovery.Restored> restored = recovery.applyTo(sessions, ring, System.currentTimeMillis());
        LOG.log(System.Logger.Level.INFO, "recovery took {0} ms", (System.nanoTime() - started) / 1_000_000);
        return restored;
    }

    /** Runs on the connection's virtual thread for the connection's whole life. */
    private void serve(Socket socket) {
        ReasonCode refusal = connectionLimits.admit(listenerSlots);
        Connection connection;
        try {
            connection = new Connection(socket, settings.maximumPacketSize(), counters, budget);
        } catch (IOException failure) {
            LOG.log(System.Logger.Level.DEBUG, "connection lost before it started: {0}", failure.getMessage());
            if (refusal == null) {
                connectionLimits.release(listenerSlots);
            }
            return;
        }
        if (refusal != null) {
            refuse(connection, refusal);
            return;
        }
        ClientProtocol protocol = new ClientProtocol(context, connection);
        connection.backlogLimit(settings.maximumQueuedMessages(), settings.inflightWindow());
        connection.throttle(Throttle.of(settings.limits().publishRate(), settings.limits().bandwidth(),
                settings.limits().throttleTolerance().toNanos(), counters));
        clients.add(protocol);
        try {
            if (closing.get()) {
                protocol.shutdown();
            }
            connection.serve(protocol, (int) settings.connectTimeout().toMillis(), timer, keepAliveMonitor);
        } finally {
            clients.remove(protocol);
            connectionLimits.release(listenerSlots);
        }
    }

    /** Beyond a connection limit: read up to CONNECT, answer with {@code reason}, close (see RefusingHandler). */
    private void refuse(Connection connection, ReasonCode reason) {
        refusing.add(connection);
        try {
            if (closing.get()) {
                connection.close(PacketHandler.CloseCause.SERVER_CLOSED);
            }
            connection.serve(new RefusingHandler(connection, reason), (int) settings.connectTimeout().toMillis(),
                    timer, keepAliveMonitor);
        } finally {
            refusing.remove(connection);
        }
    }

    /**
     * The broker's version from the build (core's weft-core.properties, filtered by Maven), or "unknown" without one:
     * what {@code --version} prints and {@code $SYS/broker/version} publishes.
     */
    public static String version() {
        try (InputStream stream = Broker.class.getResourceAsStream("weft-core.properties")) {
            Properties properties = new Properties();
            if (stream != null) {
                properties.load(stream);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException unreadable) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the version", unreadable);
            return "unknown";
        }
    }

    /** The address the listener is bound to (with the real port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return listener.localAddress();
    }

    public BrokerCounters counters() {
        return counters;
    }

    /** The registry holding the broker's metrics (see docs/metrics.md). */
    public PrometheusRegistry metricsRegistry() {
        return metricsRegistry;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    /** Connections currently open, those being refused by a connection limit included. */
    public int connectionCount() {
        return clients.size() + refusing.size();
    }

    /** The largest write backlog (packets queued for the writer) of any open connection: a stalled reader shows here. */
    public int largestBacklog() {
        int largest = 0;
        for (ClientProtocol client : clients) {
            largest = Math.max(largest, client.connection().backlog());
        }
        return largest;
    }

    /**
     * Graceful shutdown: stop accepting, send DISCONNECT 0x8B (Server shutting down) to MQTT 5 clients,
     * flush every connection's queued packets, close the sockets, drain and stop the ring. Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> sys = sysTopics;
        if (sys != null) {
            sys.cancel(false);
        }
        LOG.log(System.Logger.Level.INFO, "shutting down: {0} connections", clients.size());
        listener.close();
        clients.forEach(ClientProtocol::shutdown);
        refusing.forEach(connection -> connection.close(PacketHandler.CloseCause.SERVER_CLOSED));
        long deadline = System.currentTimeMillis() + FLUSH_MILLIS;
        try {
            for (ClientProtocol client : clients) {
                client.connection().awaitFlushed(Math.max(1, deadline - System.currentTimeMillis()));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        clients.forEach(client -> client.connection().close(io.weft.core.net.PacketHandler.CloseCause.SERVER_CLOSED));
        ring.close();
        sessions.close();
        timer.shutdownNow();
        stores.close();
        metrics.close();
        LOG.log(System.Logger.Level.INFO, "stopped");
    }
}
