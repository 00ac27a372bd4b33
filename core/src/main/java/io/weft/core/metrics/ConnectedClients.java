package io.weft.core.metrics;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread-safe (any connection's reader thread): the number of connections whose CONNECT was accepted and
 * that have not ended yet, and the highest that number has been since start.
 */
public final class ConnectedClients {

    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger maximum = new AtomicInteger();

    /** A CONNECT was accepted. */
    public void connected() {
        int now = current.incrementAndGet();
        int highest;
        // Written only when a new high is reached: most connects leave the maximum alone.
        while (now > (highest = maximum.get()) && !maximum.compareAndSet(highest, now)) {
            Thread.onSpinWait();
        }
    }

    /** A connection counted by {@link #connected()} ended. */
    public void disconnected() {
        current.decrementAndGet();
    }

    public int current() {
        return current.get();
    }

    public int maximum() {
        return maximum.get();
    }
}
