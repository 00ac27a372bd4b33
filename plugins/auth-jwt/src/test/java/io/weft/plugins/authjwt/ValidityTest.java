package io.weft.plugins.authjwt;

import com.nimbusds.jwt.JWTClaimsSet;
import io.weft.spi.PluginConfigException;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.ConnectReason;
import io.weft.testkit.ConnectAttempts;
import io.weft.testkit.MutableClock;
import io.weft.testkit.PluginHarness;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** exp and nbf on the plugin's clock with the configured skew; issuer and audience. */
class ValidityTest {

    private final MutableClock clock = MutableClock.at(Tokens.NOW);
    private TestPluginContext context;

    private Authenticator plugin(Map<String, Object> settings) throws PluginConfigException {
        context = TestPluginContext.builder("jwt").set("secret", Tokens.SECRET).config(settings).clock(clock).build();
        return PluginHarness.create("auth-jwt", context, Authenticator.class);
    }

    private static AuthenticationDecision connect(Authenticator plugin, JWTClaimsSet claims) {
        return plugin.authenticate(ConnectAttempts.client("c1").password(Tokens.hmac(Tokens.SECRET, claims)).build());
    }

    private static String refusal(AuthenticationDecision decision) {
        assertThat(decision).isInstanceOf(AuthenticationDecision.Deny.class);
        AuthenticationDecision.Deny deny = (AuthenticationDecision.Deny) decision;
        assertThat(deny.reason()).isEqualTo(ConnectReason.BAD_USER_NAME_OR_PASSWORD);
        return deny.message();
    }

    private static JWTClaimsSet expiringIn(Duration lifetime) {
        return Tokens.claims("alice").expirationTime(Date.from(Tokens.NOW.plus(lifetime))).build();
    }

    @Test
    void anExpiredTokenIsRefusedOnceTheSkewHasPassed() throws PluginConfigException {
        Authenticator plugin = plugin(Map.of());
        JWTClaimsSet claims = expiringIn(Duration.ofMinutes(5));

        clock.advance(Duration.ofMinutes(5).plusSeconds(29));
        assertThat(connect(plugin, claims)).as("within the default 30s skew")
                .isInstanceOf(AuthenticationDecision.Allow.class);

        clock.advance(Duration.ofSeconds(1));
        assertThat(refusal(connect(plugin, claims))).isEqualTo("token expired");
        assertThat(context.metrics().counterValue("validations", "denied", "expired")).isEqualTo(1);
        assertThat(context.logger().logged(Level.INFO, "expired at 2026-01-01T00:05:00Z")).isTrue();
    }

    @Test
    void withNoSkewATokenExpiresAtItsExp() throws PluginConfigException {
        Authenticator plugin = plugin(Map.of("clock-skew", "0"));
        JWTClaimsSet claims = expiringIn(Duration.ofMinutes(5));

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(connect(plugin, claims)).isInstanceOf(AuthenticationDecision.Allow.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(refusal(connect(plugin, claims))).isEqualTo("token expired");
    }

    @Test
    void aTokenNotValidYetIsRefusedUntilItsNbfLessTheSkew() throws PluginConfigException {
        Authenticator plugin = plugin(Map.of("clock-skew", "10s"));
        JWTClaimsSet claims = Tokens.claims("alice").notBeforeTime(Date.from(Tokens.NOW.plusSeconds(60))).build();

        assertThat(refusal(connect(plugin, claims))).isEqualTo("token not yet valid");
        clock.advance(Duration.ofSeconds(49));
        assertThat(refusal(connect(plugin, claims))).isEqualTo("token not yet valid");
        clock.advance(Duration.ofSeconds(1));
        assertThat(connect(plugin, claims)).isInstanceOf(AuthenticationDecision.Allow.class);
    }

    @Test
    void aTokenWithoutExpiryIsRefusedUnlessExpiryIsOptional() throws PluginConfigException {
        JWTClaimsSet forever = Tokens.claims("alice").expirationTime(null).build();

        assertThat(refusal(connect(plugin(Map.of()), forever))).isEqualTo("token has no expiry");
        assertThat(connect(plugin(Map.of("require-expiry", "false")), forever))
                .isInstanceOf(AuthenticationDecision.Allow.class);
    }

    @Test
    void theIssuerMustBeOneOfTheConfigured() throws PluginConfigException {
        Authenticator plugin = plugin(Map.of("issuer", List.of("https://id.example", "https://other.example")));

        assertThat(connect(plugin, Tokens.claims("alice").issuer("https://other.example").build()))
                .isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(refusal(connect(plugin, Tokens.claims("alice").issuer("https://evil.example").build())))
                .isEqualTo("token issuer not accepted");
        assertThat(refusal(connect(plugin, Tokens.claims("alice").build()))).isEqualTo("token issuer not accepted");
    }

    @Test
    void theAudienceMustHoldAConfiguredOne() throws PluginConfigException {
        Authenticator plugin = plugin(Map.of("audience", "mqtt"));

        assertThat(connect(plugin, Tokens.claims("alice").audience("mqtt").build()))
                .isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(connect(plugin, Tokens.claims("alice").audience(List.of("web", "mqtt")).build()))
                .isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(refusal(connect(plugin, Tokens.claims("alice").audience(List.of("web", "api")).build())))
                .isEqualTo("token audience not accepted");
        assertThat(refusal(connect(plugin, Tokens.claims("alice").build()))).isEqualTo("token audience not accepted");
        assertThat(context.metrics().counterValue("validations", "denied", "audience")).isEqualTo(2);
    }

    @Test
    void withoutIssuerOrAudienceSettingsAnyIsAccepted() throws PluginConfigException {
        assertThat(connect(plugin(Map.of()), Tokens.claims("alice").issuer("x").audience("y").build()))
                .isInstanceOf(AuthenticationDecision.Allow.class);
    }
}
