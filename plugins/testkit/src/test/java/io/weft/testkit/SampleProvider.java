package io.weft.testkit;

import io.weft.spi.Plugin;
import io.weft.spi.PluginConfigException;
import io.weft.spi.PluginContext;
import io.weft.spi.PluginMetrics;
import io.weft.spi.PluginProvider;
import io.weft.spi.SpiVersion;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.AuthenticationExchange;
import io.weft.spi.auth.AuthenticationPhase;
import io.weft.spi.auth.AuthenticationStep;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.ConnectReason;
import io.weft.spi.auth.EnhancedAuthenticator;
import io.weft.spi.auth.Principal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/** A small plugin for the testkit's own tests: a shared password, and an AUTH exchange that echoes a nonce. */
public final class SampleProvider implements PluginProvider {

    @Override
    public String type() {
        return "sample";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.MAJOR;
    }

    @Override
    public Plugin create(PluginContext context) throws PluginConfigException {
        context.config().allowOnly("password");
        return new Sample(context.config().string("password"), context.metrics().counter("refusals",
                "CONNECTs refused", "reason"));
    }

    static final class Sample implements Authenticator, EnhancedAuthenticator {
        private final String password;
        private final PluginMetrics.Counter refusals;

        Sample(String password, PluginMetrics.Counter refusals) {
            this.password = password;
            this.refusals = refusals;
        }

        @Override
        public AuthenticationDecision authenticate(ConnectAttempt attempt) {
            if (!attempt.hasUsername()) {
                return AuthenticationDecision.abstain();
            }
            if (password.equals(attempt.passwordText())) {
                return AuthenticationDecision.allow(attempt.username());
            }
            refusals.increment("password");
            return AuthenticationDecision.deny(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "wrong password");
        }

        @Override
        public Set<String> methods() {
            return Set.of("ECHO");
        }

        @Override
        public AuthenticationExchange open(String method, ConnectAttempt attempt, AuthenticationPhase phase) {
            byte[] nonce = "nonce".getBytes(StandardCharsets.UTF_8);
            return new AuthenticationExchange() {
                @Override
                public AuthenticationStep begin(byte[] data) {
                    return new AuthenticationStep.Challenge(nonce);
                }

                @Override
                public AuthenticationStep respond(byte[] data) {
                    return Arrays.equals(data, nonce)
                            ? new AuthenticationStep.Success(Principal.of(attempt.clientId()), AccessPolicy.ALLOW_ALL, null)
                            : new AuthenticationStep.Failure(ConnectReason.NOT_AUTHORIZED, "wrong echo");
                }
            };
        }
    }
}
