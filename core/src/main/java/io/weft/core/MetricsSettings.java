package io.weft.core;

import java.util.Objects;

/**
 * The Prometheus endpoint (keys under {@code metrics.}). The broker keeps its metrics in its registry either
 * way; the composition root serves them over HTTP when a port is set.
 *
 * @param bindAddress the address the endpoint binds to ({@code metrics.bind})
 * @param port        its port, 0 for a free one, {@link #OFF} for no endpoint ({@code metrics.port})
 */
public record MetricsSettings(String bindAddress, int port) {

    /** No endpoint: the default. */
    public static final int OFF = -1;

    public MetricsSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < OFF || port > 65535) {
            throw new IllegalArgumentException("metrics port must be 0..65535 or off: " + port);
        }
    }

    /** Off, on 127.0.0.1 once a port is set: metrics tell a lot about a broker, so only local by default. */
    public static MetricsSettings defaults() {
        return new MetricsSettings("127.0.0.1", OFF);
    }

    public boolean enabled() {
        return port != OFF;
    }
}
