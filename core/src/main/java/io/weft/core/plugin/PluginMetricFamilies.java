package io.weft.core.plugin;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.weft.spi.PluginMetrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

/**
 * Thread-safe (any thread): the Prometheus metrics that plugins register, shared by the instances of one type,
 * each with a {@code plugin} label (the instance's name) before the plugin's own. A family lives as long as the
 * broker, a gauge's reading only while its instance is enabled.
 */
final class PluginMetricFamilies {

    private record Family(String kind, List<String> labelNames, Object metric) {
    }

    private final PrometheusRegistry registry;
    private final Map<String, Family> families = new ConcurrentHashMap<>();
    /** Gauge name -> instance -> reading. */
    private final Map<String, Map<String, DoubleSupplier>> gauges = new ConcurrentHashMap<>();

    PluginMetricFamilies(PrometheusRegistry registry) {
        this.registry = registry;
    }

    /** The metrics of one instance of {@code type}. */
    PluginMetrics forInstance(String type, String instance) {
        String prefix = "weft_plugin_" + type.replace('-', '_') + "_";
        return new PluginMetrics() {
            @Override
            public Counter counter(String name, String help, String... labelNames) {
                io.prometheus.metrics.core.metrics.Counter counter = family(prefix + PluginMetrics.checkName(name)
                        + "_total", "counter", help, labelNames, allLabels -> io.prometheus.metrics.core.metrics.Counter
                        .builder().name(prefix + name + "_total").help(help).labelNames(allLabels).register(registry));
                return new Counter() {
                    @Override
                    public void increment(String... labelValues) {
                        counter.labelValues(values(instance, labelNames, labelValues)).inc();
                    }

                    @Override
                    public void add(double amount, String... labelValues) {
                        counter.labelValues(values(instance, labelNames, labelValues)).inc(amount);
                    }
                };
            }

            @Override
            public Timer timer(String name, String help, String... labelNames) {
                Histogram histogram = family(prefix + PluginMetrics.checkName(name) + "_seconds", "timer", help,
                        labelNames, allLabels -> Histogram.builder().name(prefix + name + "_seconds").help(help)
                                .labelNames(allLabels).classicOnly().register(registry));
                return new Timer() {
                    @Override
                    public void record(Duration duration, String... labelValues) {
                        recordNanos(duration.toNanos(), labelValues);
                    }

                    @Override
                    public void recordNanos(long nanoseconds, String... labelValues) {
                        histogram.labelValues(values(instance, labelNames, labelValues)).observe(nanoseconds / 1e9);
                    }
                };
            }

            @Override
            public void gauge(String name, String help, DoubleSupplier value) {
                String full = prefix + PluginMetrics.checkName(name);
                Map<String, DoubleSupplier> readings = gauges.computeIfAbsent(full, key -> new ConcurrentHashMap<>());
                family(full, "gauge", help, new String[0], allLabels -> GaugeWithCallback.builder().name(full)
                        .help(help).labelNames(allLabels)
                        .callback(callback -> readings.forEach((owner, reading) -> {
                            try {
                                callback.call(reading.getAsDouble(), owner);
                            } catch (RuntimeException failure) {
                                // a failing reading leaves the series out of this scrape rather than break it
                            }
                        })).register(registry));
                readings.put(instance, value);
            }
        };
    }

    /** Stops reading the gauges of {@code instance} (it was disabled or replaced). */
    void forget(String type, String instance) {
        String prefix = "weft_plugin_" + type.replace('-', '_') + "_";
        gauges.forEach((name, readings) -> {
            if (name.startsWith(prefix)) {
                readings.remove(instance);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private <M> M family(String name, String kind, String help, String[] labelNames,
                         java.util.function.Function<String[], M> create) {
        if (help == null || help.isBlank()) {
            throw new IllegalArgumentException("metric " + name + " needs a help text");
        }
        for (String label : labelNames) {
            if (PluginMetrics.checkName(label).equals("plugin")) {
                throw new IllegalArgumentException("the label name 'plugin' is the broker's");
            }
        }
        List<String> labels = List.of(labelNames);
        Family family = families.computeIfAbsent(name, key -> new Family(kind, labels, create.apply(
                Stream.concat(Stream.of("plugin"), labels.stream()).toArray(String[]::new))));
        if (!family.kind().equals(kind) || !family.labelNames().equals(labels)) {
            throw new IllegalArgumentException("metric " + name + " is already a " + family.kind() + " with labels "
                    + family.labelNames() + "; asked for a " + kind + " with labels " + labels);
        }
        return (M) family.metric();
    }

    private static String[] values(String instance, String[] labelNames, String[] labelValues) {
        if (labelValues.length != labelNames.length) {
            throw new IllegalArgumentException("expected values for " + Arrays.toString(labelNames) + ", got "
                    + Arrays.toString(labelValues));
        }
        String[] all = new String[labelValues.length + 1];
        all[0] = instance;
        System.arraycopy(labelValues, 0, all, 1, labelValues.length);
        return all;
    }
}
