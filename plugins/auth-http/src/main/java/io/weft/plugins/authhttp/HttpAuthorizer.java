package io.weft.plugins.authhttp;

import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.Authorizer;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.Principal;

import java.net.URI;
import java.util.Locale;

/**
 * Thread-safe: called on clients' virtual threads, many at once. Asks the service at {@code authorization-url}
 * once per CONNECT for the connection's topic filters; the policy it returns answers every later PUBLISH and
 * SUBSCRIBE from memory, so rights are fixed until the client connects again. It blocks for at most the request
 * timeout.
 */
final class HttpAuthorizer implements Authorizer {

    private final URI url;
    private final ServiceClient client;
    private final HttpAuthSettings.OnError onError;
    private final ServiceMetrics metrics;
    private final System.Logger logger;

    HttpAuthorizer(URI url, ServiceClient client, HttpAuthSettings.OnError onError, ServiceMetrics metrics,
                   System.Logger logger) {
        this.url = url;
        this.client = client;
        this.onError = onError;
        this.metrics = metrics;
        this.logger = logger;
    }

    /**
     * The service's policy. When the call fails, {@code on-error: ignore} adds no restriction and
     * {@code on-error: deny} throws, which makes the broker refuse the client (0x80 Unspecified error; 3.x
     * return code 3): an authorizer gives a policy, not a refusal of its own, and a client let in with nothing
     * allowed would only find out when its messages went nowhere.
     */
    @Override
    public AccessPolicy authorize(ConnectAttempt attempt, Principal principal) {
        try {
            AccessPolicy policy = ServiceContract.authorizationPolicy(url,
                    client.post(ServiceMetrics.Endpoint.AUTHORIZATION, url,
                            ServiceContract.authorizationRequest(attempt, principal)), attempt);
            metrics.answered(ServiceMetrics.Endpoint.AUTHORIZATION, outcome(policy));
            return policy;
        } catch (ServiceFailure failure) {
            metrics.failed(ServiceMetrics.Endpoint.AUTHORIZATION, failure);
            logger.log(System.Logger.Level.WARNING, "authorization of client {0} (user {1}) failed: {2}; "
                    + "on-error {3}", attempt.clientId(), attempt.username(), failure.getMessage(),
                    onError.name().toLowerCase(Locale.ROOT));
            return switch (onError) {
                case DENY -> throw new IllegalStateException("authorization service unavailable: "
                        + failure.getMessage());
                case IGNORE -> AccessPolicy.ALLOW_ALL;
            };
        }
    }

    private static String outcome(AccessPolicy policy) {
        if (policy == AccessPolicy.DENY_ALL) {
            return "deny";
        }
        return policy == AccessPolicy.ALLOW_ALL ? "ignore" : "allow";
    }

    @Override
    public void close() {
        client.close();
    }
}
