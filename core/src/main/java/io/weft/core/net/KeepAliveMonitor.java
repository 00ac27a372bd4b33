package io.weft.core.net;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Owned by the broker's timer thread, which sweeps the watched connections four times a second and closes
 * those silent for longer than their keep alive allows; connections join and leave from their reader
 * threads. A sweep replaces a read timeout per connection: a timed read parks its virtual thread with a
 * timeout, and scheduling and cancelling that timeout woke the JDK's delay scheduler thread for every
 * packet (about a third of the context switches of a QoS 1 flow at 5,000 msg/s). Readers only count
 * packets; the sweep notices a changed count and keeps the time itself.
 */
public final class KeepAliveMonitor {

    /** The keep alive is enforced to within two of these: activity is noticed at the sweep after it. */
    static final long PERIOD_MILLIS = 250;

    private final Set<Connection> watched = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    public KeepAliveMonitor(ScheduledExecutorService timer) {
        this.timer = timer;
        timer.scheduleWithFixedDelay(this::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the timer thread after {@code millis}; for deadlines of a connection's own. */
    ScheduledFuture<?> schedule(Runnable task, long millis) {
        return timer.schedule(task, millis, TimeUnit.MILLISECONDS);
    }

    void watch(Connection connection) {
        watched.add(connection);
    }

    void forget(Connection connection) {
        watched.remove(connection);
    }

    /** Connections watched now, for tests. */
    int size() {
        return watched.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Connection connection : watched) {
            if (connection.keepAliveExpired(now)) {
                watched.remove(connection);
                connection.expireKeepAlive(timer);
            }
        }
    }
}
