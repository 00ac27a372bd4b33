package io.weft.testkit;

import io.weft.spi.PluginMetrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * {@link PluginMetrics} that keep their values in memory (thread-safe), with the broker's rules on names and
 * label counts, so a test can read what a plugin counted.
 */
public final class RecordingMetrics implements PluginMetrics {

    private final Map<String, RecordingCounter> counters = new ConcurrentHashMap<>();
    private final Map<String, RecordingTimer> timers = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String help, String... labelNames) {
        register(name, help, labelNames);
        return counters.computeIfAbsent(name, ignored -> new RecordingCounter(name, labelNames.length));
    }

    @Override
    public Timer timer(String name, String help, String... labelNames) {
        register(name, help, labelNames);
        return timers.computeIfAbsent(name, ignored -> new RecordingTimer(name, labelNames.length));
    }

    @Override
    public void gauge(String name, String help, DoubleSupplier value) {
        register(name, help);
        gauges.put(name, value);
    }

    private static void register(String name, String help, String... labelNames) {
        PluginMetrics.checkName(name);
        if (help == null || help.isBlank()) {
            throw new IllegalArgumentException("metric " + name + " needs a help text");
        }
        for (String label : labelNames) {
            PluginMetrics.checkName(label);
        }
    }

    /** The counter's value for the label values, 0 when never counted. */
    public double counterValue(String name, String... labelValues) {
        RecordingCounter counter = counters.get(name);
        if (counter == null) {
            throw new AssertionError("no counter named " + name + " was registered; registered: " + counters.keySet());
        }
        DoubleAdder value = counter.values.get(List.of(labelValues));
        return value == null ? 0 : value.sum();
    }

    /** How many durations the timer recorded for the label values. */
    public long timerCount(String name, String... labelValues) {
        RecordingTimer timer = timers.get(name);
        if (timer == null) {
            throw new AssertionError("no timer named " + name + " was registered; registered: " + timers.keySet());
        }
        LongAdder count = timer.counts.get(List.of(labelValues));
        return count == null ? 0 : count.sum();
    }

    /** The gauge's value now. */
    public double gaugeValue(String name) {
        DoubleSupplier gauge = gauges.get(name);
        if (gauge == null) {
            throw new AssertionError("no gauge named " + name + " was registered; registered: " + gauges.keySet());
        }
        return gauge.getAsDouble();
    }

    private static List<String> labels(String name, int expected, String... labelValues) {
        if (labelValues.length != expected) {
            throw new IllegalArgumentException(name + " has " + expected + " labels, got values "
                    + Arrays.toString(labelValues));
        }
        return List.of(labelValues);
    }

    private static final class RecordingCounter implements Counter {
        private final String name;
        private final int labelCount;
        private final Map<List<String>, DoubleAdder> values = new ConcurrentHashMap<>();

        RecordingCounter(String name, int labelCount) {
            this.name = name;
            this.labelCount = labelCount;
        }

        @Override
        public void increment(String... labelValues) {
            add(1, labelValues);
        }

        @Override
        public void add(double amount, String... labelValues) {
            if (amount < 0) {
                throw new IllegalArgumentException("a counter only goes up: " + amount);
            }
            values.computeIfAbsent(labels(name, labelCount, labelValues), ignored -> new DoubleAdder()).add(amount);
        }
    }

    private static final class RecordingTimer implements Timer {
        private final String name;
        private final int labelCount;
        private final Map<List<String>, LongAdder> counts = new ConcurrentHashMap<>();

        RecordingTimer(String name, int labelCount) {
            this.name = name;
            this.labelCount = labelCount;
        }

        @Override
        public void record(Duration duration, String... labelValues) {
            recordNanos(duration.toNanos(), labelValues);
        }

        @Override
        public void recordNanos(long nanoseconds, String... labelValues) {
            counts.computeIfAbsent(labels(name, labelCount, labelValues), ignored -> new LongAdder()).increment();
        }
    }
}
