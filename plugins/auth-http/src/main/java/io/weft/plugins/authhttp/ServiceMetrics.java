package io.weft.plugins.authhttp;

import io.weft.spi.PluginMetrics;

/**
 * Thread-safe (the broker's metrics are): called on clients' virtual threads. The instance's metrics, registered
 * once when it is made: requests by endpoint and outcome, their duration, and cache lookups.
 */
final class ServiceMetrics {

    /** Which service URL a request went to: the {@code endpoint} label. */
    enum Endpoint {
        AUTHENTICATION("authentication"),
        AUTHORIZATION("authorization");

        private final String label;

        Endpoint(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private final PluginMetrics.Counter requests;
    private final PluginMetrics.Timer duration;
    private final PluginMetrics.Counter cacheLookups;

    ServiceMetrics(PluginMetrics metrics) {
        this.requests = metrics.counter("requests", "Requests to the HTTP service, by endpoint and outcome "
                + "(allow, deny, ignore, http_status, bad_response, timeout, unreachable, interrupted)", "endpoint",
                "outcome");
        this.duration = metrics.timer("request_duration", "Time from sending a request to the service to having "
                + "its whole answer, failed ones included", "endpoint");
        this.cacheLookups = metrics.counter("cache_lookups", "Authentication decisions looked up in the cache, by "
                + "result (hit, miss)", "result");
    }

    void answered(Endpoint endpoint, String outcome) {
        requests.increment(endpoint.label(), outcome);
    }

    void failed(Endpoint endpoint, ServiceFailure failure) {
        requests.increment(endpoint.label(), failure.kind().label());
    }

    void took(Endpoint endpoint, long nanoseconds) {
        duration.recordNanos(nanoseconds, endpoint.label());
    }

    void cacheHit() {
        cacheLookups.increment("hit");
    }

    void cacheMiss() {
        cacheLookups.increment("miss");
    }
}
