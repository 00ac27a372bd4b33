package io.weft.plugins.authjwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import io.weft.spi.PluginConfigException;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.ConnectReason;
import io.weft.testkit.ConnectAttempts;
import io.weft.testkit.MutableClock;
import io.weft.testkit.PluginHarness;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys fetched from a JWKS URL served by a JDK HttpServer on 127.0.0.1: cached, refreshed after jwks-refresh and
 * for an unknown kid (no sooner than jwks-min-interval after the previous fetch), last good set kept on failure.
 * Time is the testkit's MutableClock, so no test waits.
 */
class JwksUrlTest {

    private final KeyServer server = new KeyServer();
    private final MutableClock clock = MutableClock.at(Tokens.NOW);
    private static final RSAKey FIRST = Tokens.rsa("2026-01");
    private static final RSAKey SECOND = Tokens.rsa("2026-02");
    private TestPluginContext context;
    private Authenticator plugin;

    @AfterEach
    void stop() {
        if (plugin != null) {
            plugin.close();
        }
        server.close();
    }

    private Authenticator plugin(Map<String, Object> settings) throws PluginConfigException {
        context = TestPluginContext.builder("jwt").set("jwks-url", server.url()).config(settings).clock(clock).build();
        plugin = PluginHarness.create("auth-jwt", context, Authenticator.class);
        return plugin;
    }

    private static AuthenticationDecision connect(Authenticator plugin, RSAKey key) {
        return plugin.authenticate(ConnectAttempts.client("c1")
                .password(Tokens.sign(key, JWSAlgorithm.RS256, Tokens.claims("alice").build())).build());
    }

    private double refreshes(String result) {
        return context.metrics().counterValue("jwks_refreshes", "url", result);
    }

    @Test
    void theSetIsFetchedOnceAtStartAndThenServedFromTheCache() throws PluginConfigException {
        server.serve(Tokens.jwks(FIRST));
        Authenticator plugin = plugin(Map.of());

        for (int connection = 0; connection < 5; connection++) {
            assertThat(connect(plugin, FIRST)).isInstanceOf(AuthenticationDecision.Allow.class);
        }
        assertThat(server.requests()).isEqualTo(1);
        assertThat(refreshes("ok")).isEqualTo(1);
    }

    @Test
    void anUnknownKidFetchesTheSetAgainWithinTheRateLimit() throws PluginConfigException {
        server.serve(Tokens.jwks(FIRST));
        Authenticator plugin = plugin(Map.of("jwks-min-interval", "30s"));
        server.serve(Tokens.jwks(FIRST, SECOND)); // the issuer rotates

        assertThat(connect(plugin, SECOND)).as("too soon after the start-up fetch").isEqualTo(
                AuthenticationDecision.deny(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "token signing key not known"));
        assertThat(server.requests()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(30));
        assertThat(connect(plugin, SECOND)).isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(connect(plugin, FIRST)).isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(server.requests()).isEqualTo(2);

        RSAKey madeUp = Tokens.rsa("made-up");
        for (int attempt = 0; attempt < 10; attempt++) {
            assertThat(connect(plugin, madeUp)).isInstanceOf(AuthenticationDecision.Deny.class);
        }
        assertThat(server.requests()).as("made-up kids cannot hammer the key server").isEqualTo(2);
    }

    @Test
    void theSetIsFetchedAgainOnceItIsOlderThanTheRefreshInterval() throws PluginConfigException {
        server.serve(Tokens.jwks(FIRST));
        Authenticator plugin = plugin(Map.of("jwks-refresh", "10m"));
        server.serve(Tokens.jwks(SECOND)); // the first key is withdrawn

        clock.advance(Duration.ofMinutes(9));
        assertThat(connect(plugin, FIRST)).isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(server.requests()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(connect(plugin, FIRST)).as("withdrawn at the refresh")
                .isInstanceOf(AuthenticationDecision.Deny.class);
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void aFailedFetchKeepsTheLastGoodSetAndIsLogged() throws PluginConfigException {
        server.serve(Tokens.jwks(FIRST));
        Authenticator plugin = plugin(Map.of("jwks-refresh", "1m"));
        server.fail(500);

        clock.advance(Duration.ofMinutes(1));
        assertThat(connect(plugin, FIRST)).isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(server.requests()).isEqualTo(2);
        assertThat(refreshes("failed")).isEqualTo(1);
        assertThat(context.logger().logged(Level.WARNING, "fetch failed (HTTP status 500); keeping the 1 keys"))
                .isTrue();

        server.serve("{\"keys\": \"not a list\"}");
        clock.advance(Duration.ofMinutes(1));
        assertThat(connect(plugin, FIRST)).isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(refreshes("failed")).isEqualTo(2);
    }

    @Test
    void keysNeverFetchedMakeTheBrokerUnavailableUntilTheServerAnswers() throws PluginConfigException {
        server.fail(503);
        Authenticator plugin = plugin(Map.of());
        assertThat(context.logger().logged(Level.WARNING, "no keys yet")).isTrue();

        assertThat(connect(plugin, FIRST)).isEqualTo(
                AuthenticationDecision.deny(ConnectReason.SERVER_UNAVAILABLE, "token signing keys unavailable"));
        assertThat(context.metrics().counterValue("validations", "denied", "keys_unavailable")).isEqualTo(1);

        server.serve(Tokens.jwks(FIRST));
        clock.advance(Duration.ofSeconds(30));
        assertThat(connect(plugin, FIRST)).isInstanceOf(AuthenticationDecision.Allow.class);
    }

    @Test
    void clientsConnectingTogetherOnAStaleSetCauseOneFetch() throws Exception {
        server.serve(Tokens.jwks(FIRST));
        Authenticator plugin = plugin(Map.of("jwks-refresh", "1m"));
        clock.advance(Duration.ofMinutes(1));
        String token = Tokens.sign(FIRST, JWSAlgorithm.RS256, Tokens.claims("alice").build());

        List<Future<AuthenticationDecision>> decisions = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int client = 0; client < 50; client++) {
                String clientId = "c" + client;
                decisions.add(clients.submit(() -> plugin.authenticate(
                        ConnectAttempts.client(clientId).password(token).build())));
            }
        }

        for (Future<AuthenticationDecision> decision : decisions) {
            assertThat(decision.get()).isInstanceOf(AuthenticationDecision.Allow.class);
        }
        assertThat(server.requests()).isEqualTo(2);
    }
}
