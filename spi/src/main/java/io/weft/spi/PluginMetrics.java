package io.weft.spi;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Metrics of one plugin instance, served with the broker's own at its Prometheus endpoint. The broker names them
 * after the provider's type ({@code auth-http} becomes {@code auth_http}): {@code weft_plugin_TYPE_NAME_total}
 * (counters), {@code weft_plugin_TYPE_NAME_seconds} (timers, as histograms) and {@code weft_plugin_TYPE_NAME}
 * (gauges), and adds a {@code plugin} label with the instance's name (Prometheus itself adds {@code instance}
 * for the scraped broker). Register a metric once, when the plugin is made, and keep the returned object;
 * registering the same name again returns the same metric (with the same label names). All of it is thread-safe
 * and cheap enough for every call.
 *
 * @since 1.0
 */
public interface PluginMetrics {

    /**
     * A counter.
     *
     * @param name       lower case letters, digits and underscores, without the {@code _total} suffix
     * @param help       one line on what it counts
     * @param labelNames names of the labels that {@link Counter#increment(String...)} gives values for
     */
    Counter counter(String name, String help, String... labelNames);

    /** A timer, kept as a histogram in seconds; {@code name} without the {@code _seconds} suffix. */
    Timer timer(String name, String help, String... labelNames);

    /** A gauge read when the endpoint is scraped: {@code value} must be quick and must not block. */
    void gauge(String name, String help, DoubleSupplier value);

    /**
     * Checks a metric or label name: lower case letters, digits and underscores, starting with a letter, at most
     * 64 characters, not ending in {@code _total}, {@code _seconds}, {@code _count}, {@code _sum} or
     * {@code _bucket} (the broker adds suffixes). The broker and the testkit both apply it.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static String checkName(String name) {
        if (name == null || !name.matches("[a-z][a-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("metric and label names are lower case letters, digits and "
                    + "underscores, starting with a letter, at most 64 characters: " + name);
        }
        for (String suffix : new String[] {"_total", "_seconds", "_count", "_sum", "_bucket"}) {
            if (name.endsWith(suffix)) {
                throw new IllegalArgumentException("leave the suffix " + suffix + " out of " + name
                        + ": the broker adds it");
            }
        }
        return name;
    }

    /** A monotonic count. */
    interface Counter {
        /** Adds one for the given label values (as many as the counter has label names). */
        void increment(String... labelValues);

        void add(double amount, String... labelValues);
    }

    /** Durations of an operation. */
    interface Timer {
        void record(Duration duration, String... labelValues);

        /** {@code nanoseconds} as measured with {@link System#nanoTime()}. */
        void recordNanos(long nanoseconds, String... labelValues);
    }
}
