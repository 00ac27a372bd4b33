package io.weft.perf.jmh;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import io.weft.core.codec.QoS;
import io.weft.core.metrics.QosCounts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Owned by its JMH thread (thread-scoped state). What counting for the metrics adds to a message: one count in
 * a LongAdder (as before the metrics), the same count by QoS ({@link QosCounts}, what the broker does now), and
 * the timing of one journal append (two clock reads and an observation in a histogram configured as
 * {@code weft_journal_append_seconds} is), which the persist stage does for one append in 64.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class MetricsBenchmark {

    private final LongAdder adder = new LongAdder();
    private final QosCounts byQos = new QosCounts();
    private final Histogram histogram = Histogram.builder().name("bench_append_seconds").unit(Unit.SECONDS)
            .classicOnly().classicUpperBounds(0.5e-6, 1e-6, 2.5e-6, 5e-6, 10e-6, 25e-6, 50e-6, 100e-6, 250e-6,
                    500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 100e-3, 1.0)
            .withoutExemplars().build();
    private QoS qos = QoS.AT_LEAST_ONCE;

    @Benchmark
    public void countInOneAdder() {
        adder.increment();
    }

    @Benchmark
    public void countByQos() {
        byQos.increment(qos);
    }

    @Benchmark
    public void timeAndObserve() {
        long started = System.nanoTime();
        histogram.observe(Unit.nanosToSeconds(System.nanoTime() - started));
    }
}
