package io.weft.core.metrics;

import io.weft.core.codec.ReasonCode;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Thread-safe (any thread): counts by MQTT reason code, plus one count for "no reason code" (a connection that
 * ended without a DISCONNECT). For events that happen once per connection, not per message.
 */
public final class ReasonCounts {

    /** The index of the count without a reason code, after the 256 possible values. */
    private static final int NONE = 256;

    private final AtomicLongArray counts = new AtomicLongArray(NONE + 1);

    /** Counts one event for {@code reason}; null counts one without a reason code. */
    public void increment(ReasonCode reason) {
        counts.incrementAndGet(reason == null ? NONE : reason.value());
    }

    /** The count for {@code reason}, or for no reason code when null. */
    public long get(ReasonCode reason) {
        return counts.get(reason == null ? NONE : reason.value());
    }

    /** Receives each count that is not 0, with its reason code (null for none). */
    @FunctionalInterface
    public interface Visitor {
        void count(ReasonCode reason, long count);
    }

    /** Visits every count above 0, in reason code order, the one without a reason code last. */
    public void forEach(Visitor visitor) {
        for (int index = 0; index <= NONE; index++) {
            long count = counts.get(index);
            if (count > 0) {
                visitor.count(index == NONE ? null : new ReasonCode(index), count);
            }
        }
    }
}
