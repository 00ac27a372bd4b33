package io.weft.plugins.authjwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.weft.spi.PluginConfigException;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.ConnectReason;
import io.weft.testkit.ConnectAttempts;
import io.weft.testkit.PluginHarness;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys from a JWKS file, chosen by kid, read again when the file changes. */
class JwksFileTest {

    @TempDir
    Path directory;

    private static final RSAKey FIRST = Tokens.rsa("first");
    private static final ECKey SECOND = Tokens.ec(Curve.P_256, "second");
    private TestPluginContext context;

    private Authenticator plugin() throws PluginConfigException {
        context = TestPluginContext.builder("jwt").baseDirectory(directory).set("jwks-file", "keys.json").build();
        return PluginHarness.create("auth-jwt", context, Authenticator.class);
    }

    private Path keys(String json, int generation) throws IOException {
        Path file = Tokens.write(directory.resolve("keys.json"), json);
        // a distinct modification time per version, whatever the file system's resolution
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(generation)));
        return file;
    }

    private static AuthenticationDecision connect(Authenticator plugin, String token) {
        return plugin.authenticate(ConnectAttempts.client("c1").password(token).build());
    }

    @Test
    void eachKeyOfTheSetVerifiesTheTokensNamingIt() throws Exception {
        keys(Tokens.jwks(FIRST, SECOND), 1);
        Authenticator plugin = plugin();

        assertThat(connect(plugin, Tokens.sign(FIRST, JWSAlgorithm.RS256, Tokens.claims("a").build())))
                .isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(connect(plugin, Tokens.sign(SECOND, JWSAlgorithm.ES256, Tokens.claims("b").build())))
                .isInstanceOf(AuthenticationDecision.Allow.class);
        RSAKey stranger = Tokens.rsa("third");
        assertThat(connect(plugin, Tokens.sign(stranger, JWSAlgorithm.RS256, Tokens.claims("c").build()))).isEqualTo(
                AuthenticationDecision.deny(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "token signing key not known"));
        assertThat(context.metrics().counterValue("validations", "denied", "unknown_key")).isEqualTo(1);
    }

    @Test
    void aTokenWithoutKidIsTriedWithEveryFittingKey() throws Exception {
        keys(Tokens.jwks(Tokens.rsa("other"), FIRST), 1);
        RSAKey withoutKid = new RSAKey.Builder(FIRST).keyID(null).build();

        assertThat(connect(plugin(), Tokens.sign(withoutKid, JWSAlgorithm.RS256, Tokens.claims("a").build())))
                .isInstanceOf(AuthenticationDecision.Allow.class);
    }

    @Test
    void aChangedFileIsReadAgain() throws Exception {
        keys(Tokens.jwks(FIRST), 1);
        Authenticator plugin = plugin();
        String secondToken = Tokens.sign(SECOND, JWSAlgorithm.ES256, Tokens.claims("b").build());
        assertThat(connect(plugin, secondToken)).isInstanceOf(AuthenticationDecision.Deny.class);

        keys(Tokens.jwks(SECOND), 2);

        assertThat(connect(plugin, secondToken)).isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(connect(plugin, Tokens.sign(FIRST, JWSAlgorithm.RS256, Tokens.claims("a").build())))
                .as("the first key was removed").isInstanceOf(AuthenticationDecision.Deny.class);
        assertThat(context.metrics().counterValue("jwks_refreshes", "file", "ok")).isEqualTo(1);
    }

    @Test
    void aBrokenChangeKeepsTheLastGoodSet() throws Exception {
        keys(Tokens.jwks(FIRST), 1);
        Authenticator plugin = plugin();
        String token = Tokens.sign(FIRST, JWSAlgorithm.RS256, Tokens.claims("a").build());

        keys("{\"keys\": [", 2);

        assertThat(connect(plugin, token)).isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(connect(plugin, token)).isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(context.metrics().counterValue("jwks_refreshes", "file", "failed")).as("logged once").isEqualTo(1);
        assertThat(context.logger().logged(Level.WARNING, "keeping the 1 keys read before")).isTrue();

        keys(Tokens.jwks(FIRST, SECOND), 3);
        assertThat(connect(plugin, Tokens.sign(SECOND, JWSAlgorithm.ES256, Tokens.claims("b").build())))
                .isInstanceOf(AuthenticationDecision.Allow.class);
    }

    @Test
    void symmetricKeysInASetAreNotUsed() throws Exception {
        byte[] secret = Tokens.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        OctetSequenceKey published = new OctetSequenceKey.Builder(secret).keyID("shared").build();
        keys("{\"keys\": [" + published.toJSONString() + ", " + FIRST.toPublicJWK().toJSONString() + "]}", 1);
        Authenticator plugin = plugin();

        assertThat(connect(plugin, Tokens.hmac(secret, JWSAlgorithm.HS256, Tokens.claims("admin").build())))
                .isEqualTo(AuthenticationDecision.deny(ConnectReason.BAD_USER_NAME_OR_PASSWORD,
                        "token algorithm not accepted"));
        assertThat(context.logger().logged(Level.WARNING, "key 'shared': key type oct not accepted")).isTrue();
    }

    @Test
    void aFileWithoutUsableKeysOrNotJwksIsRefusedNamingTheKey() throws Exception {
        keys("{\"keys\": []}", 1);
        assertThatThrownBy(this::plugin).isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith("plugins.instances.jwt.jwks-file: ").hasMessageContaining("no usable");
        keys("[1, 2]", 2);
        assertThatThrownBy(this::plugin).hasMessageStartingWith("plugins.instances.jwt.jwks-file: ")
                .hasMessageContaining("not a JWKS");
        Files.delete(directory.resolve("keys.json"));
        assertThatThrownBy(this::plugin).hasMessageStartingWith("plugins.instances.jwt.jwks-file: cannot read");
    }

    @Test
    void anAbsolutePathIsTakenAsItIs() throws Exception {
        keys(Tokens.jwks(FIRST), 1);
        TestPluginContext absolute = TestPluginContext.builder("jwt")
                .set("jwks-file", directory.resolve("keys.json").toString()).build();
        assertThat(PluginHarness.create("auth-jwt", absolute, Authenticator.class)
                .authenticate(ConnectAttempts.client("c").password(
                        Tokens.sign(FIRST, JWSAlgorithm.RS256, Tokens.claims("a").build())).build()))
                .isInstanceOf(AuthenticationDecision.Allow.class);
    }
}
