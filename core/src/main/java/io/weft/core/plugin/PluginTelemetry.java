package io.weft.core.plugin;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Thread-safe (any thread): the broker's metrics about its plugins: call latency and failures by plugin and
 * operation, events dropped for listeners that fell behind.
 */
final class PluginTelemetry {

    private final PrometheusRegistry registry;
    private final Histogram callSeconds;
    private final Counter callErrors;
    private final Counter eventsDropped;

    PluginTelemetry(PrometheusRegistry registry) {
        this.registry = registry;
        this.callSeconds = Histogram.builder().name("weft_plugin_call_seconds")
                .help("Time plugin calls took, by plugin instance and operation (authenticate, authorize, "
                        + "auth_begin, auth_respond, event, create, close)")
                .labelNames("plugin", "operation")
                .classicUpperBounds(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10)
                .classicOnly()
                .register(registry);
        this.callErrors = Counter.builder().name("weft_plugin_call_errors_total")
                .help("Plugin calls that threw, passed their deadline or answered null, by plugin, operation and kind")
                .labelNames("plugin", "operation", "kind")
                .register(registry);
        this.eventsDropped = Counter.builder().name("weft_plugin_events_dropped_total")
                .help("Events not delivered to a listener plugin because its queue was full")
                .labelNames("plugin")
                .register(registry);
    }

    PrometheusRegistry registry() {
        return registry;
    }

    void called(String plugin, String operation, long nanoseconds) {
        callSeconds.labelValues(plugin, operation).observe(nanoseconds / 1e9);
    }

    void failed(String plugin, String operation, FailureKind kind) {
        callErrors.labelValues(plugin, operation, kind.label()).inc();
    }

    /**
     * Creates the failure and drop series of a new instance at 0, so dashboards and alerts see a running plugin
     * that never failed rather than no data.
     */
    void started(String plugin, java.util.List<String> operations, boolean listener) {
        for (String operation : operations) {
            for (FailureKind kind : FailureKind.values()) {
                callErrors.labelValues(plugin, operation, kind.label());
            }
        }
        if (listener) {
            eventsDropped.labelValues(plugin);
        }
    }

    void eventDropped(String plugin) {
        eventsDropped.labelValues(plugin).inc();
    }

    /** How a plugin call went wrong. */
    enum FailureKind {
        EXCEPTION, TIMEOUT, NO_ANSWER;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
