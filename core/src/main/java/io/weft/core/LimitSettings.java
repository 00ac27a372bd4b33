package io.weft.core;

import java.time.Duration;

/**
 * Overload protection: every limit here is configurable and every message it drops is counted by reason
 * (keys under {@code limits.} and {@code listener.}). 0 means no limit unless said otherwise.
 *
 * @param maximumConnections         open connections in the whole broker ({@code limits.max-connections})
 * @param listenerMaximumConnections open connections on the MQTT listener ({@code listener.max-connections})
 * @param connectionRate             new connections accepted per second ({@code limits.connection-rate})
 * @param publishRate                PUBLISH packets per second read from one client before its socket is read
 *                                   more slowly ({@code limits.publish-rate})
 * @param bandwidth                  bytes per second read from one client before its socket is read more
 *                                   slowly ({@code limits.bandwidth})
 * @param throttleTolerance          a client held back by the publish rate or bandwidth for this long without
 *                                   a break gets DISCONNECT 0x96 ({@code limits.throttle-tolerance})
 * @param maximumQueuedBytes         payload bytes queued for one session ({@code limits.max-queued-bytes})
 * @param qos0Overflow               which QoS 0 message a full queue drops ({@code limits.qos0-overflow})
 * @param queuedMemory               payload bytes queued in all sessions together before publishers are slowed
 *                                   down; 0 is a quarter of the maximum heap ({@code limits.queued-memory})
 */
public record LimitSettings(int maximumConnections, int listenerMaximumConnections, int connectionRate,
                            int publishRate, long bandwidth, Duration throttleTolerance, long maximumQueuedBytes,
                            QueueOverflowPolicy qos0Overflow, long queuedMemory) {

    public LimitSettings {
        if (maximumConnections < 0 || listenerMaximumConnections < 0 || connectionRate < 0 || publishRate < 0
                || bandwidth < 0 || maximumQueuedBytes < 0 || queuedMemory < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        if (throttleTolerance == null || throttleTolerance.isNegative() || throttleTolerance.isZero()) {
            throw new IllegalArgumentException("throttle tolerance must be positive");
        }
        if (qos0Overflow == null) {
            throw new IllegalArgumentException("QoS 0 overflow policy must not be null");
        }
    }

    public static LimitSettings defaults() {
        return new LimitSettings(0, 0, 0, 0, 0, Duration.ofSeconds(60), 64L << 20, QueueOverflowPolicy.DROP_OLDEST, 0);
    }

    /** {@link #queuedMemory} with 0 resolved against this JVM's maximum heap. */
    public long effectiveQueuedMemory() {
        return queuedMemory > 0 ? queuedMemory : Runtime.getRuntime().maxMemory() / 4;
    }

    /**
     * {@link #maximumQueuedBytes} at most an eighth of the queued-memory budget (0 stays "no limit"): one stalled
     * client then fills its own queue long before the budget that slows every publisher down (slow-consumer
     * isolation); with a small heap the per-session default would otherwise be larger than the whole budget.
     */
    public long effectiveMaximumQueuedBytes() {
        return maximumQueuedBytes == 0 ? 0 : Math.min(maximumQueuedBytes, Math.max(1, effectiveQueuedMemory() / 8));
    }
}
