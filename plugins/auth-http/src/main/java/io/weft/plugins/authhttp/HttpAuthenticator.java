package io.weft.plugins.authhttp;

import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.ConnectReason;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Thread-safe: called on clients' virtual threads, many at once. Decides CONNECTs by asking the service at
 * {@code authentication-url}, or the cache when it answered for the same credentials recently. It blocks for at
 * most the request timeout, which stays below the broker's deadline, so that a slow service gets the
 * {@code on-error} decision rather than the broker's.
 */
final class HttpAuthenticator implements Authenticator {

    private final URI url;
    private final ServiceClient client;
    private final DecisionCache cache;
    private final HttpAuthSettings.OnError onError;
    private final ServiceMetrics metrics;
    private final System.Logger logger;

    HttpAuthenticator(URI url, ServiceClient client, DecisionCache cache, HttpAuthSettings.OnError onError,
                      ServiceMetrics metrics, System.Logger logger) {
        this.url = url;
        this.client = client;
        this.cache = cache;
        this.onError = onError;
        this.metrics = metrics;
        this.logger = logger;
    }

    @Override
    public AuthenticationDecision authenticate(ConnectAttempt attempt) {
        String key = cache.key(attempt);
        Optional<AuthenticationDecision> cached = cache.find(key);
        if (cached.isPresent()) {
            metrics.cacheHit();
            return cached.get();
        }
        metrics.cacheMiss();
        try {
            AuthenticationDecision decision = ServiceContract.authenticationDecision(url,
                    client.post(ServiceMetrics.Endpoint.AUTHENTICATION, url,
                            ServiceContract.authenticationRequest(attempt)), attempt);
            metrics.answered(ServiceMetrics.Endpoint.AUTHENTICATION, outcome(decision));
            cache.remember(key, decision);
            return decision;
        } catch (ServiceFailure failure) {
            metrics.failed(ServiceMetrics.Endpoint.AUTHENTICATION, failure);
            logger.log(System.Logger.Level.WARNING, "authentication of client {0} (user {1}) failed: {2}; "
                    + "on-error {3}", attempt.clientId(), attempt.username(), failure.getMessage(),
                    onError.name().toLowerCase(Locale.ROOT));
            return switch (onError) {
                case DENY -> AuthenticationDecision.deny(ConnectReason.SERVER_UNAVAILABLE,
                        "authentication service unavailable");
                case IGNORE -> AuthenticationDecision.abstain();
            };
        }
    }

    static String outcome(AuthenticationDecision decision) {
        return switch (decision) {
            case AuthenticationDecision.Allow allow -> "allow";
            case AuthenticationDecision.Deny deny -> "deny";
            case AuthenticationDecision.Abstain abstain -> "ignore";
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
