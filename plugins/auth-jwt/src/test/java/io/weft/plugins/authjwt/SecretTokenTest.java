package io.weft.plugins.authjwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.PlainJWT;
import io.weft.spi.PluginConfigException;
import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.ConnectReason;
import io.weft.testkit.ConnectAttempts;
import io.weft.testkit.PluginHarness;
import io.weft.testkit.RecordingLogger;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens signed with the shared {@code secret} (HS256), and what every key type shares: parsing, decisions, logs. */
class SecretTokenTest {

    private final TestPluginContext context = TestPluginContext.builder("jwt").set("secret", Tokens.SECRET).build();
    private final Authenticator authenticator = create(context);

    private static Authenticator create(TestPluginContext context) {
        try {
            return PluginHarness.create("auth-jwt", context, Authenticator.class);
        } catch (PluginConfigException failure) {
            throw new AssertionError(failure);
        }
    }

    private AuthenticationDecision connect(String username, String token) {
        return authenticator.authenticate(ConnectAttempts.client("client-1").username(username).password(token)
                .build());
    }

    private static AuthenticationDecision.Deny denied(ConnectReason reason, String message) {
        return AuthenticationDecision.deny(reason, message);
    }

    @Test
    void aValidTokenIsAllowedAsItsSubject() {
        String token = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice").build());

        AuthenticationDecision decision = connect("alice", token);

        assertThat(decision).isInstanceOfSatisfying(AuthenticationDecision.Allow.class,
                allow -> assertThat(allow.principal().name()).isEqualTo("alice"));
        assertThat(context.metrics().counterValue("validations", "allowed", "ok")).isEqualTo(1);
    }

    @Test
    void aClientWithoutAUserNameIsAllowedByTheTokenAlone() {
        String token = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice").build());
        assertThat(connect(null, token)).isInstanceOf(AuthenticationDecision.Allow.class);
    }

    @Test
    void aUserNameOtherThanTheSubjectIsRefused() {
        String token = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice").build());

        assertThat(connect("mallory", token))
                .isEqualTo(denied(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "user name does not match the token"));
        assertThat(context.logger().logged(Level.INFO, "client-1: token refused (username)")).isTrue();
    }

    @Test
    void withMatchUsernameOffTheUserNameIsIgnored() throws PluginConfigException {
        TestPluginContext relaxed = TestPluginContext.builder("jwt").set("secret", Tokens.SECRET)
                .set("match-username", "false").build();
        String token = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice").build());

        AuthenticationDecision decision = PluginHarness.create("auth-jwt", relaxed, Authenticator.class)
                .authenticate(ConnectAttempts.withCredentials("anything", token));

        assertThat(decision).isInstanceOfSatisfying(AuthenticationDecision.Allow.class,
                allow -> assertThat(allow.principal().name()).isEqualTo("alice"));
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefusedWithoutSayingMore() {
        String token = Tokens.hmac("another secret of at least thirty-two bytes", Tokens.claims("alice").build());

        assertThat(connect("alice", token))
                .isEqualTo(denied(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "token signature not valid"));
        assertThat(context.metrics().counterValue("validations", "denied", "signature")).isEqualTo(1);
        RecordingLogger.Entry line = context.logger().entriesAtLeast(Level.INFO).getLast();
        assertThat(line.message()).contains("token refused (signature)").doesNotContain(token)
                .doesNotContain(Tokens.SECRET);
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String token = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice").build());
        String[] parts = token.split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                Tokens.claims("admin").build().toString().getBytes(StandardCharsets.UTF_8));

        assertThat(connect(null, parts[0] + "." + forged + "." + parts[2]))
                .isEqualTo(denied(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "token signature not valid"));
    }

    @ParameterizedTest(name = "password ''{0}'' abstains")
    @ValueSource(strings = {"hunter2", "a.b", "not.a.jwt", "a.b.c.d.e", "e30.e30.e30.e30", ""})
    void aPasswordThatIsNotAJwtIsLeftToOtherAuthenticators(String password) {
        assertThat(connect("alice", password)).isInstanceOf(AuthenticationDecision.Abstain.class);
        assertThat(context.metrics().counterValue("validations", "abstained", "not_jwt")).isEqualTo(1);
    }

    @Test
    void noPasswordAbstains() {
        assertThat(authenticator.authenticate(ConnectAttempts.client("c").username("alice").build()))
                .isInstanceOf(AuthenticationDecision.Abstain.class);
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String token = new PlainJWT(new PlainHeader(), Tokens.claims("alice").build()).serialize();

        assertThat(connect("alice", token))
                .isEqualTo(denied(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "token algorithm not accepted"));
    }

    @Test
    void hs512IsNotAcceptedWithASecretShorterThanItsHash() {
        String token = Tokens.rawHmac(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), "HS512",
                Tokens.claims("alice").build());
        String control = Tokens.rawHmac(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), "HS256",
                Tokens.claims("alice").build());

        assertThat(connect("alice", token))
                .isEqualTo(denied(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "token algorithm not accepted"));
        assertThat(connect("alice", control)).isInstanceOf(AuthenticationDecision.Allow.class);
    }

    @Test
    void aLongerSecretAcceptsHs512() throws PluginConfigException {
        String secret = "x".repeat(64);
        TestPluginContext longer = TestPluginContext.builder("jwt").set("secret", secret).build();
        String token = Tokens.hmac(secret.getBytes(StandardCharsets.UTF_8), JWSAlgorithm.HS512,
                Tokens.claims("alice").build());

        assertThat(PluginHarness.create("auth-jwt", longer, Authenticator.class)
                .authenticate(ConnectAttempts.withCredentials("alice", token)))
                .isInstanceOf(AuthenticationDecision.Allow.class);
    }

    @Test
    void aTokenWithoutTheUsernameClaimIsRefused() {
        String token = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice").subject(null).build());

        assertThat(connect(null, token))
                .isEqualTo(denied(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "token claims not valid"));
        assertThat(context.logger().logged(Level.INFO, "the username claim 'sub' is absent")).isTrue();
    }

    @Test
    void theClaimsBecomeThePolicyOfTheConnection() {
        String token = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice")
                .claim("publish", List.of("users/%u/#"))
                .claim("subscribe", "users/%u/# devices/%c/+").build());

        AuthenticationDecision.Allow allow = (AuthenticationDecision.Allow) connect("alice", token);

        assertThat(allow.policy().publish("users/alice/x", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.ALLOW);
        assertThat(allow.policy().publish("users/bob/x", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);
        assertThat(allow.policy().subscribe("devices/client-1/+", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.ALLOW);
        assertThat(allow.policy().subscribe("devices/+/+", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.DENY);
    }

    @Test
    void withoutPermissionClaimsTheDefaultIsToDenyEverything() {
        String token = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice").build());

        AuthenticationDecision.Allow allow = (AuthenticationDecision.Allow) connect("alice", token);

        assertThat(allow.policy().publish("a", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);
        assertThat(allow.policy().subscribe("a", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.DENY);
    }

    @Test
    void defaultPermissionAllowAppliesToTheMissingClaimOnly() throws PluginConfigException {
        TestPluginContext allowing = TestPluginContext.builder("jwt").set("secret", Tokens.SECRET)
                .set("default-permission", "allow").build();
        String token = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice").claim("publish", "only/this").build());

        AuthenticationDecision.Allow allow = (AuthenticationDecision.Allow) PluginHarness
                .create("auth-jwt", allowing, Authenticator.class)
                .authenticate(ConnectAttempts.withCredentials("alice", token));

        assertThat(allow.policy().publish("only/this", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.ALLOW);
        assertThat(allow.policy().publish("other", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);
        assertThat(allow.policy().subscribe("#", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.ALLOW);
    }

    @Test
    void aPermissionClaimOfTheWrongTypeRefusesTheToken() {
        String token = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice").claim("publish", 7).build());

        assertThat(connect("alice", token))
                .isEqualTo(denied(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "token claims not valid"));
    }

    @Test
    void configuredClaimsBecomeThePrincipalsAttributes() throws PluginConfigException {
        TestPluginContext withAttributes = TestPluginContext.builder("jwt").set("secret", Tokens.SECRET)
                .set("attribute-claims", List.of("tenant", "roles", "missing")).build();
        String token = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice").claim("tenant", "acme")
                .claim("roles", List.of("reader", "writer")).build());

        AuthenticationDecision.Allow allow = (AuthenticationDecision.Allow) PluginHarness
                .create("auth-jwt", withAttributes, Authenticator.class)
                .authenticate(ConnectAttempts.withCredentials("alice", token));

        assertThat(allow.principal().attributes()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("tenant", "acme", "roles", "reader writer"));
    }

    @Test
    void aClientIdClaimMustEqualTheClientIdentifier() throws PluginConfigException {
        TestPluginContext bound = TestPluginContext.builder("jwt").set("secret", Tokens.SECRET)
                .set("client-id-claim", "cid").build();
        Authenticator plugin = PluginHarness.create("auth-jwt", bound, Authenticator.class);
        String token = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice").claim("cid", "phone-1").build());

        assertThat(plugin.authenticate(ConnectAttempts.client("phone-1").password(token).build()))
                .isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(plugin.authenticate(ConnectAttempts.client("phone-2").password(token).build())).isEqualTo(
                denied(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "client identifier does not match the token"));
        String unbound = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice").build());
        assertThat(plugin.authenticate(ConnectAttempts.client("phone-1").password(unbound).build()))
                .isInstanceOf(AuthenticationDecision.Deny.class);
    }
}
