package io.weft.core.metrics;

import io.weft.core.codec.QoS;

import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe (any thread): one running total per QoS level, each a LongAdder, so that counting a message
 * costs what counting it in one adder did.
 */
public final class QosCounts {

    private final LongAdder[] counts = {new LongAdder(), new LongAdder(), new LongAdder()};

    public void increment(QoS qos) {
        counts[qos.ordinal()].increment();
    }

    /** The total at {@code qos}. */
    public long get(QoS qos) {
        return counts[qos.ordinal()].sum();
    }

    /** The total over every QoS level. */
    public long sum() {
        return counts[0].sum() + counts[1].sum() + counts[2].sum();
    }

    /** The total over every QoS level, then all back to 0 (benchmarks report per iteration). */
    public long sumThenReset() {
        return counts[0].sumThenReset() + counts[1].sumThenReset() + counts[2].sumThenReset();
    }
}
