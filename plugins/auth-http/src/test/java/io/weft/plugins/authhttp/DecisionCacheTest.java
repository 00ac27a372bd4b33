package io.weft.plugins.authhttp;

import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.ConnectReason;
import io.weft.testkit.ConnectAttempts;
import io.weft.testkit.MutableClock;
import io.weft.testkit.PluginHarness;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache of the service's answers, with time moved by the context's clock. */
class DecisionCacheTest {

    private static final String AUTH = "/mqtt/auth";

    private final FakeAuthService service = FakeAuthService.start();
    private Authenticator authenticator;
    private TestPluginContext context;

    @AfterEach
    void stop() {
        if (authenticator != null) {
            authenticator.close();
        }
        service.close();
    }

    private Authenticator authenticator(Map<String, Object> extra) throws Exception {
        TestPluginContext.Builder builder = TestPluginContext.builder("http")
                .set("authentication-url", service.url(AUTH).toString());
        extra.forEach(builder::set);
        context = builder.build();
        authenticator = PluginHarness.create("auth-http", context, Authenticator.class);
        return authenticator;
    }

    /** Allows alice with "secret", denies any other password, ignores other users. */
    private void answerByPassword() {
        service.answer(AUTH, body -> FakeAuthService.Reply.json(!body.get("username").getAsString().equals("alice")
                ? "{\"result\": \"ignore\"}"
                : body.get("password").getAsString().equals("secret") ? "{\"result\": \"allow\"}"
                : "{\"result\": \"deny\"}"));
    }

    @Test
    void anAllowIsRememberedForTheCacheTtl() throws Exception {
        answerByPassword();
        Authenticator plugin = authenticator(Map.of("cache-ttl", "30s"));
        ConnectAttempt alice = ConnectAttempts.withCredentials("alice", "secret");

        AuthenticationDecision first = plugin.authenticate(alice);
        AuthenticationDecision second = plugin.authenticate(alice);
        context.clock().advance(Duration.ofSeconds(29));
        plugin.authenticate(alice);

        assertThat(second).isEqualTo(first);
        assertThat(service.received(AUTH)).hasSize(1);
        assertThat(context.metrics().counterValue("cache_lookups", "hit")).isEqualTo(2);
        assertThat(context.metrics().counterValue("cache_lookups", "miss")).isEqualTo(1);
        assertThat(context.metrics().gaugeValue("cache_entries")).isEqualTo(1);

        context.clock().advance(Duration.ofSeconds(1));
        plugin.authenticate(alice);
        assertThat(service.received(AUTH)).hasSize(2);
    }

    @Test
    void theKeyIsTheClientIdUserAndPasswordTogether() throws Exception {
        answerByPassword();
        Authenticator plugin = authenticator(Map.of());

        plugin.authenticate(ConnectAttempts.client("c1").username("alice").password("secret").build());
        plugin.authenticate(ConnectAttempts.client("c2").username("alice").password("secret").build());
        AuthenticationDecision wrong = plugin.authenticate(
                ConnectAttempts.client("c1").username("alice").password("wrong").build());
        plugin.authenticate(ConnectAttempts.client("c1").username("alice").build());
        // Length-prefixed fields: ("alice", "secret") and ("alices", "ecret") are different keys.
        plugin.authenticate(ConnectAttempts.client("c1").username("alices").password("ecret").build());

        assertThat(wrong).isInstanceOf(AuthenticationDecision.Deny.class);
        assertThat(service.received(AUTH)).hasSize(5);
    }

    @Test
    void aDenyOrIgnoreIsRememberedForTheShorterDenyCacheTtl() throws Exception {
        answerByPassword();
        Authenticator plugin = authenticator(Map.of());
        ConnectAttempt wrongPassword = ConnectAttempts.withCredentials("alice", "wrong");
        ConnectAttempt stranger = ConnectAttempts.withCredentials("bob", "secret");

        plugin.authenticate(wrongPassword);
        plugin.authenticate(stranger);
        context.clock().advance(Duration.ofSeconds(4));
        assertThat(plugin.authenticate(wrongPassword)).isInstanceOf(AuthenticationDecision.Deny.class);
        assertThat(plugin.authenticate(stranger)).isInstanceOf(AuthenticationDecision.Abstain.class);
        assertThat(service.received(AUTH)).hasSize(2);

        context.clock().advance(Duration.ofSeconds(1));
        plugin.authenticate(wrongPassword);
        plugin.authenticate(stranger);
        assertThat(service.received(AUTH)).hasSize(4);
    }

    @Test
    void aDenyCacheTtlOfZeroAsksTheServiceEveryTime() throws Exception {
        answerByPassword();
        Authenticator plugin = authenticator(Map.of("deny-cache-ttl", "0"));

        plugin.authenticate(ConnectAttempts.withCredentials("alice", "wrong"));
        plugin.authenticate(ConnectAttempts.withCredentials("alice", "wrong"));
        plugin.authenticate(ConnectAttempts.withCredentials("alice", "secret"));
        plugin.authenticate(ConnectAttempts.withCredentials("alice", "secret"));

        assertThat(service.received(AUTH)).hasSize(3);
    }

    @Test
    void theCacheSizeBoundsTheEntries() throws Exception {
        answerByPassword();
        Authenticator plugin = authenticator(Map.of("cache-size", "2"));

        for (int index = 0; index < 5; index++) {
            plugin.authenticate(ConnectAttempts.client("c" + index).username("alice").password("secret").build());
        }

        assertThat(context.metrics().gaugeValue("cache_entries")).isLessThanOrEqualTo(2);
    }

    @Test
    void aReplacedDecisionLivesAsLongAsItsOwnKind() {
        MutableClock clock = MutableClock.create();
        DecisionCache cache = DecisionCache.create(10, Duration.ofSeconds(60), Duration.ofSeconds(5), clock);
        String key = cache.key(ConnectAttempts.withCredentials("alice", "secret"));

        // Two CONNECTs with the same credentials asked the service at once; the later answer, a deny, is kept.
        cache.remember(key, AuthenticationDecision.allow("alice"));
        cache.remember(key, AuthenticationDecision.deny(ConnectReason.NOT_AUTHORIZED, "revoked"));
        clock.advance(Duration.ofSeconds(5));

        assertThat(cache.find(key)).isEmpty();
    }

    @Test
    void theKeyHoldsNoCredentialInClear() {
        DecisionCache cache = DecisionCache.create(10, Duration.ofSeconds(60), Duration.ofSeconds(5),
                MutableClock.create());

        String key = cache.key(ConnectAttempts.client("sensor-7").username("alice").password("secret").build());

        assertThat(key).matches("[0-9a-f]{64}").doesNotContain("alice").doesNotContain("secret");
    }

    @Test
    void aCacheSizeOfZeroKeepsNothing() throws Exception {
        answerByPassword();
        Authenticator plugin = authenticator(Map.of("cache-size", "0"));

        plugin.authenticate(ConnectAttempts.withCredentials("alice", "secret"));
        plugin.authenticate(ConnectAttempts.withCredentials("alice", "secret"));

        assertThat(service.received(AUTH)).hasSize(2);
    }
}
