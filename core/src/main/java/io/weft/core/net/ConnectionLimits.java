package io.weft.core.net;

import io.weft.core.codec.ReasonCode;
import io.weft.core.metrics.BrokerCounters;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Thread-safe (any reader thread, as a connection starts and ends): the broker-wide and per-listener
 * connection limits and the new-connection rate. A connection beyond them is still read up to its CONNECT
 * and refused with a CONNACK that says why (see {@link RefusingHandler}), so a client can tell a busy broker
 * from a broken one. Refusals are counted, and logged at most once per {@link #LOG_PERIOD_NANOS} with a count,
 * so a connection storm cannot flood the log.
 */
public final class ConnectionLimits {

    private static final System.Logger LOG = System.getLogger(ConnectionLimits.class.getName());
    static final long LOG_PERIOD_NANOS = 10_000_000_000L;

    private final int maximumConnections;
    private final BrokerCounters counters;
    private final AtomicInteger open = new AtomicInteger();
    /** Null without a rate limit; guarded by {@link #rateLock} (a charge is a few instructions). */
    private final TokenBucket connectionRate;
    private final ReentrantLock rateLock = new ReentrantLock();
    private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong refusedSinceLog = new AtomicLong();

    /** One listener's own count and limit: a second listener gets its own. */
    public static final class ListenerSlots {
        private final String name;
        private final int maximum;
        private final AtomicInteger open = new AtomicInteger();

        public ListenerSlots(String name, int maximum) {
            if (maximum < 0) {
                throw new IllegalArgumentException("listener maximum must not be negative: " + maximum);
            }
            this.name = name;
            this.maximum = maximum;
        }

        /** Connections admitted through this listener and not yet ended. */
        public int open() {
            return open.get();
        }
    }

    /** Limits of 0 mean none. */
    public ConnectionLimits(int maximumConnections, int connectionRate, BrokerCounters counters) {
        if (maximumConnections < 0 || connectionRate < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        this.maximumConnections = maximumConnections;
        this.counters = counters;
        this.connectionRate = connectionRate > 0 ? new TokenBucket(connectionRate) : null;
    }

    /**
     * Takes a slot for a new connection on {@code listener}: null when admitted (then {@link #release} must
     * follow when it ends), otherwise the reason for refusing it, 0x89 Server busy or 0x9F Connection rate
     * exceeded (3.x clients see return code 3, Server unavailable). A refused connection holds no slot and no
     * rate token: under a storm the broker still admits its rate of connections each second.
     */
    public ReasonCode admit(ListenerSlots listener) {
        if (!reserve(open, maximumConnections)) {
            return refuse(counters.refusedConnectionLimit, ReasonCode.SERVER_BUSY, "the broker", maximumConnections);
        }
        if (!reserve(listener.open, listener.maximum)) {
            open.decrementAndGet();
            return refuse(counters.refusedConnectionLimit, ReasonCode.SERVER_BUSY, "listener " + listener.name,
                    listener.maximum);
        }
        if (connectionRate != null && !takeRateToken()) {
            listener.open.decrementAndGet();
            open.decrementAndGet();
            return refuse(counters.refusedConnectionRate, ReasonCode.CONNECTION_RATE_EXCEEDED, "the connection rate",
                    0);
        }
        return null;
    }

    /** An admitted connection ended: its slots are free again. */
    public void release(ListenerSlots listener) {
        listener.open.decrementAndGet();
        open.decrementAndGet();
    }

    /** Connections admitted and not yet ended, broker-wide. */
    public int open() {
        return open.get();
    }

    private static boolean reserve(AtomicInteger count, int maximum) {
        if (count.incrementAndGet() <= maximum || maximum == 0) {
            return true;
        }
        count.decrementAndGet();
        return false;
    }

    private boolean takeRateToken() {
        rateLock.lock();
        try {
            return connectionRate.tryCharge(1, System.nanoTime());
        } finally {
            rateLock.unlock();
        }
    }

    private ReasonCode refuse(LongAdder counter, ReasonCode reason, String limit,
                              int maximum) {
        counter.increment();
        counters.connectsRefused.increment(reason);
        refusedSinceLog.incrementAndGet();
        long now = System.nanoTime();
        long next = nextLogNanos.get();
        if (now - next >= 0 && nextLogNanos.compareAndSet(next, now + LOG_PERIOD_NANOS)) {
            LOG.log(System.Logger.Level.WARNING, "refusing new connections: {0} refused since the last report "
                    + "(at most one per 10 s); this one with {1}: {2} {3}", refusedSinceLog.getAndSet(0), reason, limit,
                    maximum > 0 ? "allows " + maximum : "is exceeded");
        }
        return reason;
    }
}
