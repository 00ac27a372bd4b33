package io.weft.core.plugin;

import io.weft.core.codec.ReasonCode;
import io.weft.core.plugin.PluginCalls.Outcome;
import io.weft.core.security.AuthenticationResult;
import io.weft.core.security.Authenticator;
import io.weft.spi.UserProperty;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.Principal;

import java.util.ArrayList;
import java.util.List;

/**
 * The authentication chain: the enabled authenticators in configuration order, the first that does not abstain
 * deciding; then the anonymous rule; then every authorizer's policy. Called on the connecting client's virtual
 * thread; each plugin call has the broker's deadline (see {@link PluginCalls}). Stateless apart from the plugins.
 *
 * <p>Outcomes: a plugin's Deny is sent as given; a plugin that throws refuses with 0x80 Unspecified error, one
 * that passes the deadline with 0x88 Server unavailable (3.x: return code 3 for both). When all abstain: with no
 * authenticator enabled every client is anonymous (its credentials ignored); otherwise a client with a user name
 * is refused with 0x86, and one without is anonymous. An anonymous client needs {@code auth.anonymous} to allow
 * its listener, else 0x87.
 */
final class AuthenticationChain implements Authenticator {

    private static final AuthenticationResult ANONYMOUS_OFF = new AuthenticationResult.Deny(ReasonCode.NOT_AUTHORIZED,
            "anonymous access is off on this listener (auth.anonymous)");

    private final Plugins plugins;

    AuthenticationChain(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public AuthenticationResult authenticate(ConnectRequest request) {
        ActivePlugins active = plugins.active();
        if (active.authenticators().isEmpty() && active.authorizers().isEmpty()) {
            // No plugin to ask (the embedded defaults): the anonymous rule alone, without making the SPI's view.
            return plugins.anonymousAllowed()
                    ? new AuthenticationResult.Allow(io.weft.core.security.AccessPolicy.ALLOW_ALL) : ANONYMOUS_OFF;
        }
        ConnectAttempt attempt = attempt(request);
        for (PluginInstance instance : active.authenticators()) {
            Outcome<AuthenticationDecision> outcome = plugins.calls().call(instance.name(), instance.loader(),
                    "authenticate", plugins.settings().callTimeout(),
                    () -> instance.authenticator().authenticate(attempt));
            switch (outcome) {
                case Outcome.TimedOut<AuthenticationDecision>() -> {
                    return new AuthenticationResult.Deny(ReasonCode.SERVER_UNAVAILABLE,
                            "the authentication service did not answer in time");
                }
                case Outcome.Failed<AuthenticationDecision>(Throwable cause) -> {
                    return new AuthenticationResult.Deny(ReasonCode.UNSPECIFIED_ERROR, "authentication failed");
                }
                case Outcome.Answered<AuthenticationDecision>(AuthenticationDecision.Deny deny) -> {
                    return new AuthenticationResult.Deny(new ReasonCode(deny.reason().code()), deny.message());
                }
                case Outcome.Answered<AuthenticationDecision>(AuthenticationDecision.Allow allow) -> {
                    return authorize(plugins, active, attempt, allow.principal(), allow.policy(), instance.name());
                }
                case Outcome.Answered<AuthenticationDecision>(AuthenticationDecision.Abstain abstain) -> {
                    // the next authenticator decides
                }
            }
        }
        if (!active.authenticators().isEmpty() && request.username() != null) {
            return new AuthenticationResult.Deny(ReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
        }
        if (!plugins.anonymousAllowed()) {
            return ANONYMOUS_OFF;
        }
        return authorize(plugins, active, attempt, Principal.ANONYMOUS, AccessPolicy.ALLOW_ALL, "");
    }

    /**
     * Adds every authorizer's policy to {@code policy}: the client may do what all of them allow. An authorizer that
     * throws or passes the deadline refuses the client, as an authenticator would.
     */
    static AuthenticationResult authorize(Plugins plugins, ActivePlugins active, ConnectAttempt attempt,
                                          Principal principal, AccessPolicy policy, String decidedBy) {
        AccessPolicy combined = policy;
        List<String> sources = new ArrayList<>();
        if (!decidedBy.isEmpty() && policy != AccessPolicy.ALLOW_ALL) {
            sources.add(decidedBy);
        }
        for (PluginInstance instance : active.authorizers()) {
            Outcome<AccessPolicy> outcome = plugins.calls().call(instance.name(), instance.loader(), "authorize",
                    plugins.settings().callTimeout(), () -> instance.authorizer().authorize(attempt, principal));
            switch (outcome) {
                case Outcome.TimedOut<AccessPolicy>() -> {
                    return new AuthenticationResult.Deny(ReasonCode.SERVER_UNAVAILABLE,
                            "the authorization service did not answer in time");
                }
                case Outcome.Failed<AccessPolicy>(Throwable cause) -> {
                    return new AuthenticationResult.Deny(ReasonCode.UNSPECIFIED_ERROR, "authorization failed");
                }
                case Outcome.Answered<AccessPolicy>(AccessPolicy added) -> {
                    if (added != AccessPolicy.ALLOW_ALL) {
                        sources.add(instance.name());
                    }
                    combined = combined.and(added);
                }
            }
        }
        // One source (the common case) is the instance's own name: no new string per connection.
        String names = sources.size() == 1 ? sources.getFirst() : String.join("+", sources);
        return new AuthenticationResult.Allow(principal, PluginAccessPolicy.of(combined, names, plugins.calls()));
    }

    /** The SPI's view of a CONNECT. */
    static ConnectAttempt attempt(ConnectRequest request) {
        List<UserProperty> properties = request.userProperties().stream()
                .map(property -> new UserProperty(property.name(), property.value())).toList();
        return new ConnectAttempt(request.clientId(), request.username(), request.password(),
                Events.versionOfLevel(request.protocolLevel()),
                Events.address(request.remoteAddress()), Events.address(request.localAddress()), properties);
    }
}
