package io.weft.core.plugin;

import io.weft.core.codec.ReasonCode;
import io.weft.core.plugin.PluginCalls.Outcome;
import io.weft.core.security.AuthenticationResult;
import io.weft.core.security.Authenticator.ConnectRequest;
import io.weft.core.security.EnhancedAuthenticator;
import io.weft.spi.auth.AuthenticationExchange;
import io.weft.spi.auth.AuthenticationPhase;
import io.weft.spi.auth.AuthenticationStep;
import io.weft.spi.auth.ConnectAttempt;

import java.util.concurrent.Callable;

/**
 * MQTT 5 enhanced authentication by plugins: the first enabled enhanced authenticator, in configuration order,
 * that handles the method. Each step is a plugin call with the broker's deadline; success then goes through the
 * authorizers, as in {@link AuthenticationChain}. Stateless apart from the plugins; its exchanges belong to one
 * connection's reader thread.
 */
final class EnhancedAuthentication implements EnhancedAuthenticator {

    private final Plugins plugins;

    EnhancedAuthentication(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public Exchange open(String method, AuthenticationPhase phase) {
        ActivePlugins active = plugins.active();
        for (PluginInstance instance : active.enhancedAuthenticators()) {
            if (instance.methods().contains(method)) {
                return new PluginExchange(active, instance, method, phase);
            }
        }
        return null; // 0x8C Bad authentication method [MQTT-4.12.0-1]
    }

    /** One exchange with one plugin; the reader thread's, one step at a time. */
    private final class PluginExchange implements Exchange {
        private final ActivePlugins active;
        private final PluginInstance instance;
        private final String method;
        private final AuthenticationPhase phase;
        private ConnectAttempt attempt;
        /** Set by the plugin call of the first step; the call's completion publishes it to this thread. */
        private volatile AuthenticationExchange exchange;

        PluginExchange(ActivePlugins active, PluginInstance instance, String method, AuthenticationPhase phase) {
            this.active = active;
            this.instance = instance;
            this.method = method;
            this.phase = phase;
        }

        @Override
        public Step begin(ConnectRequest request, byte[] data) {
            attempt = AuthenticationChain.attempt(request);
            return step("auth_begin", () -> {
                AuthenticationExchange opened = instance.enhancedAuthenticator().open(method, attempt, phase);
                if (opened == null) {
                    return null;
                }
                exchange = opened;
                return opened.begin(data);
            });
        }

        @Override
        public Step proceed(byte[] data) {
            AuthenticationExchange current = exchange;
            if (current == null) {
                return new Step.Failure(ReasonCode.PROTOCOL_ERROR, "no authentication exchange under way");
            }
            return step("auth_respond", () -> current.respond(data));
        }

        @Override
        public void abandon() {
            AuthenticationExchange current = exchange;
            exchange = null;
            if (current != null) {
                plugins.calls().call(instance.name(), instance.loader(), "auth_abandon",
                        plugins.settings().callTimeout(), () -> {
                            current.abandon();
                            return Boolean.TRUE;
                        });
            }
        }

        private Step step(String operation, Callable<AuthenticationStep> call) {
            Outcome<AuthenticationStep> outcome = plugins.calls().call(instance.name(), instance.loader(), operation,
                    plugins.settings().callTimeout(), call);
            return switch (outcome) {
                case Outcome.TimedOut<AuthenticationStep>() -> new Step.Failure(ReasonCode.SERVER_UNAVAILABLE,
                        "the authentication service did not answer in time");
                case Outcome.Failed<AuthenticationStep>(Throwable cause) ->
                        new Step.Failure(ReasonCode.UNSPECIFIED_ERROR, "authentication failed");
                case Outcome.Answered<AuthenticationStep>(AuthenticationStep.Challenge challenge) ->
                        new Step.Continue(challenge.data());
                case Outcome.Answered<AuthenticationStep>(AuthenticationStep.Failure failure) ->
                        new Step.Failure(new ReasonCode(failure.reason().code()), failure.message());
                case Outcome.Answered<AuthenticationStep>(AuthenticationStep.Success success) ->
                        switch (AuthenticationChain.authorize(plugins, active, attempt, success.principal(),
                                success.policy(), instance.name())) {
                            case AuthenticationResult.Allow allow ->
                                    new Step.Success(allow.principal(), allow.policy(), success.data());
                            case AuthenticationResult.Deny deny -> new Step.Failure(deny.reasonCode(), deny.reason());
                        };
            };
        }
    }
}
