package io.weft.distribution;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.weft.core.MetricsSettings;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Owned by the composition root, which starts it after the broker and closes it before: the broker's registry
 * served over HTTP at {@code /metrics} (Prometheus text or OpenMetrics, as the scraper asks) by the Prometheus
 * client's exporter, whose own small pool of daemon threads answers the requests.
 */
final class MetricsEndpoint implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MetricsEndpoint.class.getName());

    private final HTTPServer server;
    private final InetSocketAddress address;

    private MetricsEndpoint(HTTPServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** The endpoint could not be started (address in use, unknown host, ...). */
    static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Serves {@code registry} as {@code settings} say; null when metrics.port is off. */
    static MetricsEndpoint start(MetricsSettings settings, PrometheusRegistry registry) throws Unavailable {
        if (!settings.enabled()) {
            return null;
        }
        HTTPServer server;
        try {
            server = HTTPServer.builder().hostname(settings.bindAddress()).port(settings.port()).registry(registry)
                    .buildAndStart();
        } catch (IOException | RuntimeException failure) {
            // an unresolvable host fails with UnresolvedAddressException, an IllegalArgumentException
            throw new Unavailable(failure.getMessage() != null ? failure.getMessage() : failure.toString(), failure);
        }
        InetSocketAddress address = new InetSocketAddress(settings.bindAddress(), server.getPort());
        LOG.log(System.Logger.Level.INFO, "metrics on http://{0}:{1,number,#}/metrics",
                address.getAddress().getHostAddress(), address.getPort());
        return new MetricsEndpoint(server, address);
    }

    /** Where it listens, with the real port when 0 was asked for. */
    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        server.close();
    }
}
