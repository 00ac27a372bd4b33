package io.weft.core.session;

import io.weft.core.QueueOverflowPolicy;
import io.weft.core.metrics.MemoryBudget;

/**
 * What bounds one session's outbound messages (immutable, shared by every session of a broker).
 *
 * @param maximumMessages QoS 1/2 copies waiting beyond the inflight window; also the QoS 0 PUBLISH packets
 *                        a connection's writer may hold ({@code mqtt.max-queued-messages})
 * @param maximumBytes    payload bytes of the same, 0 for no byte limit ({@code limits.max-queued-bytes})
 * @param qos0Overflow    which QoS 0 message a full writer backlog drops ({@code limits.qos0-overflow})
 * @param budget          the broker-wide account every held copy is added to ({@code limits.queued-memory})
 */
public record QueueLimits(int maximumMessages, long maximumBytes, QueueOverflowPolicy qos0Overflow,
                          MemoryBudget budget) {

    public QueueLimits {
        if (maximumMessages < 0 || maximumBytes < 0) {
            throw new IllegalArgumentException("queue limits must not be negative");
        }
        if (qos0Overflow == null || budget == null) {
            throw new IllegalArgumentException("overflow policy and budget must not be null");
        }
    }

    /** A message bound only, as before byte limits existed: QoS 0 overflow drops the new message. */
    public static QueueLimits ofMessages(int maximumMessages) {
        return new QueueLimits(maximumMessages, 0, QueueOverflowPolicy.DROP_NEWEST, MemoryBudget.UNLIMITED);
    }

    /** How the drop log names the limits. */
    String describe() {
        return maximumBytes == 0 ? maximumMessages + " messages"
                : maximumMessages + " messages or " + maximumBytes + " bytes";
    }
}
