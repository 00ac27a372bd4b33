package io.weft.perf.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Shared by one publisher's thread, which sends and waits, and the subscribers' threads, each reporting its
 * progress in its own slot. Credit for that publisher: at most {@code window} messages sent but not yet
 * delivered, so the measured rate is one the broker sustains rather than a flood into its queues.
 */
final class FlowGate {

    /** Which subscribers must have a message before it stops counting against the window. */
    enum Rule {
        /** Every subscriber gets every message: the slowest one decides. */
        EVERY,
        /** A shared-subscription group: a message counts once any member has it. */
        ANY
    }

    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** No progress for this long while waiting: the outstanding messages are taken as lost (QoS 0 drops). */
    private static final long QOS0_STALL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** At QoS 1 a broker may not drop what it acknowledged: wait longer before giving up on it. */
    private static final long QOS1_STALL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final int window;
    private final int threshold;
    private final Rule rule;
    private final AtomicLongArray progress;
    private final long stallNanos;
    private volatile long sent;
    private volatile long forgiven;
    private volatile Thread waiter;
    private long stalls;

    /** @param subscribers progress slots; 0 for a gate that never closes */
    FlowGate(int window, int qos, Rule rule, int subscribers) {
        this.stallNanos = qos == 0 ? QOS0_STALL_NANOS : QOS1_STALL_NANOS;
        this.window = window;
        this.threshold = Math.max(1, window / 2); // wake for half a window: fewer, larger writes
        this.rule = rule;
        this.progress = new AtomicLongArray(subscribers);
    }

    /** Messages that may be sent now (0 or less: none). */
    long credit() {
        if (progress.length() == 0) {
            return window; // no subscriber to wait for (backlog: it is offline on purpose)
        }
        return Math.min(window, window - (sent - forgiven - delivered()));
    }

    /** Messages accounted for by the subscribers (a message lost before a later one arrived counts). */
    long delivered() {
        long result = progress.get(0);
        for (int slot = 1; slot < progress.length(); slot++) {
            long value = progress.get(slot);
            result = rule == Rule.EVERY ? Math.min(result, value) : Math.max(result, value);
        }
        return result;
    }

    long sent() {
        return sent;
    }

    /** Publisher thread: {@code count} more messages went out. */
    void sent(long count) {
        sent += count; // single writer
    }

    /**
     * Publisher thread: waits until at least half a window of credit is free and returns the credit, or 0
     * when the run is stopping.
     */
    long await(RunContext context) {
        long lastDelivered = Long.MIN_VALUE;
        long lastChange = System.nanoTime();
        while (true) {
            long credit = credit();
            if (credit >= threshold) {
                return credit;
            }
            if (context.stopping()) {
                return 0;
            }
            waiter = Thread.currentThread();
            if (credit() < threshold) {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
            waiter = null;
            long delivered = delivered();
            long now = System.nanoTime();
            if (delivered != lastDelivered) {
                lastDelivered = delivered;
                lastChange = now;
            } else if (now - lastChange > stallNanos) {
                forgiven = sent - delivered; // what is outstanding now will not arrive: stop waiting for it
                stalls++;
                lastChange = now;
            }
        }
    }

    /** Subscriber thread: its progress for this publisher; wakes the publisher if that frees enough credit. */
    void advance(int slot, long value) {
        progress.set(slot, value); // a full fence: the read of waiter below must not move before it
        Thread waiting = waiter;
        if (waiting != null && credit() >= threshold) {
            LockSupport.unpark(waiting);
        }
    }

    /** Wakes a waiting publisher (when the run stops). */
    void wake() {
        Thread waiting = waiter;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /** Times the publisher gave up waiting for delivery; read after the publisher's thread ended. */
    long stalls() {
        return stalls;
    }
}
