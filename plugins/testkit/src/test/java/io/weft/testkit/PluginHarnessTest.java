package io.weft.testkit;

import io.weft.spi.PluginConfigException;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.ConnectReason;
import io.weft.spi.auth.EnhancedAuthenticator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginHarnessTest {

    private static TestPluginContext context() {
        return TestPluginContext.builder("sample-1").set("password", "secret").build();
    }

    @Test
    void findsTheProviderThroughServiceLoaderAndMakesThePlugin() throws PluginConfigException {
        TestPluginContext context = context();
        Authenticator authenticator = PluginHarness.create("sample", context, Authenticator.class);

        assertThat(authenticator.authenticate(ConnectAttempts.withCredentials("alice", "secret")))
                .isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(authenticator.authenticate(ConnectAttempts.withCredentials("alice", "wrong")))
                .isEqualTo(AuthenticationDecision.deny(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "wrong password"));
        assertThat(authenticator.authenticate(ConnectAttempts.client("anonymous").build()))
                .isInstanceOf(AuthenticationDecision.Abstain.class);
        assertThat(context.metrics().counterValue("refusals", "password")).isEqualTo(1);
    }

    @Test
    void anUnknownTypeFailsWithTheTypesFound() {
        assertThatThrownBy(() -> PluginHarness.provider("nope")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("found types [sample]");
    }

    @Test
    void aConfigurationProblemNamesTheKey() {
        TestPluginContext context = TestPluginContext.builder("sample-2").set("pasword", "x").build();
        assertThatThrownBy(() -> PluginHarness.create("sample", context)).isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith("plugins.instances.sample-2.pasword: unknown key");
    }

    @Test
    void drivesAnEnhancedAuthenticationExchange() throws Exception {
        EnhancedAuthenticator authenticator = PluginHarness.create("sample", context(), EnhancedAuthenticator.class);
        EnhancedAuthenticationDriver.Transcript good = EnhancedAuthenticationDriver.run(authenticator, "ECHO",
                ConnectAttempts.client("c1").build(), new EnhancedAuthenticationDriver.Client() {
                    @Override
                    public byte[] initialData() {
                        return null;
                    }

                    @Override
                    public byte[] answer(byte[] challenge) {
                        return challenge;
                    }
                });
        assertThat(good.succeeded()).isTrue();
        assertThat(good.challenges()).isEqualTo(1);
        assertThat(good.success().principal().name()).isEqualTo("c1");

        EnhancedAuthenticationDriver.Transcript bad = EnhancedAuthenticationDriver.run(authenticator, "ECHO",
                ConnectAttempts.client("c1").build(), new EnhancedAuthenticationDriver.Client() {
                    @Override
                    public byte[] initialData() {
                        return null;
                    }

                    @Override
                    public byte[] answer(byte[] challenge) {
                        return new byte[] {1};
                    }
                });
        assertThat(bad.failure().reason()).isEqualTo(ConnectReason.NOT_AUTHORIZED);
        assertThatThrownBy(() -> EnhancedAuthenticationDriver.run(authenticator, "SCRAM-SHA-256",
                ConnectAttempts.client("c1").build(), null)).hasMessageContaining("0x8C");
    }

    @Test
    void metricsFollowTheBrokersNamingRules() {
        RecordingMetrics metrics = new RecordingMetrics();
        assertThatThrownBy(() -> metrics.counter("hits_total", "hits")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.counter("hits", "hits", "kind").increment())
                .hasMessageContaining("has 1 labels");
        metrics.timer("lookup", "lookups").record(Duration.ofMillis(3));
        assertThat(metrics.timerCount("lookup")).isEqualTo(1);
        metrics.gauge("entries", "entries cached", () -> 42);
        assertThat(metrics.gaugeValue("entries")).isEqualTo(42);
    }

    @Test
    void theClockMovesOnlyWhenTold() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-06-01T00:00:00Z"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-06-01T00:05:00Z"));
    }
}
