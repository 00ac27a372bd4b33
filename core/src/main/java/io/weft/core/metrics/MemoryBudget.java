package io.weft.core.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Thread-safe (any thread): one account of the payload bytes the broker holds for delivery — copies kept by
 * sessions (waiting or in flight) and QoS 0 PUBLISH packets waiting in connections' writer queues — against the
 * budget {@code limits.queued-memory}. Sessions and writers add and release; a publisher's reader waits in
 * {@link #awaitRoom} while the account is over the budget. Adding never blocks and is never refused: the
 * per-session limits bound one session, this bounds the sum by slowing publishers down.
 */
public final class MemoryBudget {

    /** No budget, for brokers and tests built without one; it still counts. */
    public static final MemoryBudget UNLIMITED = new MemoryBudget(Long.MAX_VALUE);

    private static final System.Logger LOG = System.getLogger(MemoryBudget.class.getName());
    private static final long SLICE_NANOS = 10_000_000L;
    private static final long REPORT_INTERVAL_NANOS = 10_000_000_000L;

    private final long limitBytes;
    private final LongAdder used = new LongAdder();
    private final AtomicLong lastReportNanos = new AtomicLong(System.nanoTime() - REPORT_INTERVAL_NANOS);

    public MemoryBudget(long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("memory budget must be positive: " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }

    public void add(long bytes) {
        used.add(bytes);
    }

    public void release(long bytes) {
        used.add(-bytes);
    }

    /** Bytes accounted now (a sum over the adder's cells: exact only while nobody adds or releases). */
    public long usedBytes() {
        return used.sum();
    }

    public boolean exceeded() {
        return used.sum() > limitBytes;
    }

    /**
     * Waits while the budget is exceeded, parking in short slices, at most {@code maximumWaitNanos}; returns
     * whether there is room. Bounded on purpose: a waiting reader does not read its own client's
     * acknowledgements, which are what frees room.
     */
    public boolean awaitRoom(long maximumWaitNanos) {
        if (!exceeded()) {
            return true;
        }
        long deadline = System.nanoTime() + maximumWaitNanos;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                return !exceeded();
            }
            LockSupport.parkNanos(this, Math.min(SLICE_NANOS, left));
            if (!exceeded()) {
                return true;
            }
        }
    }

    /** One WARNING for the first refusal, then at most one per interval: a flood must not flood the log. */
    public void reportExceeded(String what) {
        long last = lastReportNanos.get();
        long now = System.nanoTime();
        if (now - last >= REPORT_INTERVAL_NANOS && lastReportNanos.compareAndSet(last, now)) {
            LOG.log(System.Logger.Level.WARNING, "queued memory {0} bytes over the budget of {1} bytes: {2}",
                    usedBytes(), limitBytes, what);
        }
    }
}
