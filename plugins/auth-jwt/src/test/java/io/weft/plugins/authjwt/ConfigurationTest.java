package io.weft.plugins.authjwt;

import io.weft.spi.PluginConfigException;
import io.weft.testkit.PluginHarness;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration errors stop the broker with a message that names the key. */
class ConfigurationTest {

    private static void create(Map<String, Object> settings) throws PluginConfigException {
        PluginHarness.create("auth-jwt", TestPluginContext.builder("jwt").config(settings).build());
    }

    private static void refused(Map<String, Object> settings, String key, String problem) {
        assertThatThrownBy(() -> create(settings)).isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith("plugins.instances.jwt." + key + ": ").hasMessageContaining(problem)
                .satisfies(failure -> assertThat(((PluginConfigException) failure).key())
                        .isEqualTo("plugins.instances.jwt." + key));
    }

    @Test
    void atLeastOneKeySourceIsRequired() {
        refused(Map.of(), "secret", "no key configured");
        refused(Map.of("issuer", "x"), "secret", "plugins.instances.jwt.jwks-url");
    }

    @Test
    void aShortSecretIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> create(Map.of("secret", "short-secret-31-bytes-long-....")))
                .hasMessage("plugins.instances.jwt.secret: is 31 bytes (248 bits); HMAC needs at least 32 bytes "
                        + "(256 bits)");
    }

    @Test
    void aMisspeltKeyIsAnError() {
        refused(Map.of("secret", Tokens.SECRET, "audiance", "mqtt"), "audiance", "unknown key");
    }

    @Test
    void algorithmNoneIsNeverAllowed() {
        refused(Map.of("secret", Tokens.SECRET, "algorithms", "HS256, none"), "algorithms", "'none'");
    }

    @Test
    void anHmacAlgorithmNeedsTheSecret(@TempDir Path directory) {
        String pem = Tokens.write(directory.resolve("rsa.pem"), Tokens.pem(rsaPublicKey())).toString();
        refused(Map.of("public-key-file", pem, "algorithms", List.of("RS256", "HS256")),
                "algorithms", "HS256 fits none of the configured keys");
        refused(Map.of("secret", Tokens.SECRET, "algorithms", "HS512"), "algorithms", "as long as the hash");
        refused(Map.of("secret", Tokens.SECRET, "algorithms", "RS256"), "algorithms", "RS256 fits none");
        assertThatCode(() -> create(Map.of("public-key-file", pem, "algorithms", "PS256")))
                .doesNotThrowAnyException();
    }

    @Test
    void unsupportedAlgorithmsAreNamed() {
        refused(Map.of("secret", Tokens.SECRET, "algorithms", "EdDSA"), "algorithms", "'EdDSA' is not supported");
        refused(Map.of("secret", Tokens.SECRET, "algorithms", "HS257"), "algorithms", "'HS257' is not supported");
    }

    @Test
    void wrongValuesNameTheirKeys() {
        refused(Map.of("secret", Tokens.SECRET, "default-permission", "maybe"), "default-permission",
                "expected allow or deny");
        refused(Map.of("secret", Tokens.SECRET, "clock-skew", "1h"), "clock-skew", "at most 10m");
        refused(Map.of("secret", Tokens.SECRET, "clock-skew", "soon"), "clock-skew", "positive duration");
        refused(Map.of("secret", Tokens.SECRET, "require-expiry", "yes"), "require-expiry", "true or false");
        refused(Map.of("secret", Tokens.SECRET, "subscribe-claim", "publish"), "subscribe-claim", "same claim");
        refused(Map.of("secret", Tokens.SECRET, "username-claim", " "), "username-claim", "empty");
        refused(Map.of("secret", Tokens.SECRET, "issuer", List.of("a", "")), "issuer", "empty value");
    }

    @Test
    void jwksUrlOptionsNeedAJwksUrl() {
        refused(Map.of("secret", Tokens.SECRET, "jwks-refresh", "5m"), "jwks-refresh", "jwks-url, which is not set");
        refused(Map.of("secret", Tokens.SECRET, "jwks-min-interval", "5s"), "jwks-min-interval", "jwks-url");
    }

    @Test
    void theJwksUrlMustBeHttpOrHttps() {
        refused(Map.of("jwks-url", "ftp://keys.example/jwks"), "jwks-url", "expected an http or https URL");
        refused(Map.of("jwks-url", "keys.example/jwks"), "jwks-url", "expected an http or https URL");
        refused(Map.of("jwks-url", "http://[bad"), "jwks-url", "not a URL");
    }

    private static java.security.PublicKey rsaPublicKey() {
        try {
            return Tokens.rsa(null).toRSAPublicKey();
        } catch (com.nimbusds.jose.JOSEException failure) {
            throw new IllegalStateException(failure);
        }
    }
}
