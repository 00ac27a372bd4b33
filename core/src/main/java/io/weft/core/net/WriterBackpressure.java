package io.weft.core.net;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Used by a connection's reader thread: a client that keeps sending requests (PINGREQ, PUBLISH, SUBSCRIBE)
 * but never reads the answers would otherwise grow its writer's queue without bound once its socket buffers
 * are full. Past a limit the reader stops reading until the writer has drained part of the queue, so TCP
 * backpressure reaches the client instead. The limit sits above what deliveries alone can queue (QoS 0 stops
 * at the queue bound, QoS 1/2 at the inflight window), so only unread answers ever stop a reader.
 */
final class WriterBackpressure {

    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private WriterBackpressure() {
    }

    /** The backlog beyond which the reader waits: deliveries' own bound plus room for answers. */
    static int limit(int maximumQueuedMessages, int inflightWindow) {
        long limit = (long) maximumQueuedMessages + inflightWindow + 1_024;
        return (int) Math.min(Integer.MAX_VALUE, limit);
    }

    /**
     * Parks until the backlog is back to {@code limit} less half the room for answers (still above what
     * deliveries alone queue, so deliveries can never keep the reader waiting) or the connection closed.
     */
    static void await(Connection connection, int limit) {
        int resume = limit - 512;
        while (connection.backlog() > resume && !connection.isClosed()) {
            LockSupport.parkNanos(SLICE_NANOS);
        }
    }
}
