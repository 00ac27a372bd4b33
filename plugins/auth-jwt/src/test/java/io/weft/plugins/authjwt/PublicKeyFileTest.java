package io.weft.plugins.authjwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens verified with a PEM public key (RSA, EC, or a certificate's), and algorithm confusion. */
class PublicKeyFileTest {

    @TempDir
    Path directory;

    private Authenticator plugin(Map<String, Object> settings) throws PluginConfigException {
        TestPluginContext context = TestPluginContext.builder("jwt").baseDirectory(directory).config(settings).build();
        return PluginHarness.create("auth-jwt", context, Authenticator.class);
    }

    private Path pemFile(String name, java.security.PublicKey key) {
        return Tokens.write(directory.resolve(name), Tokens.pem(key));
    }

    private static AuthenticationDecision connect(Authenticator plugin, String token) {
        return plugin.authenticate(ConnectAttempts.client("c1").password(token).build());
    }

    private static AuthenticationDecision.Deny denied(String message) {
        return AuthenticationDecision.deny(ConnectReason.BAD_USER_NAME_OR_PASSWORD, message);
    }

    @Test
    void anRsaPublicKeyVerifiesRsAndPsTokens() throws Exception {
        RSAKey key = Tokens.rsa(null);
        pemFile("rsa.pem", key.toRSAPublicKey());
        Authenticator plugin = plugin(Map.of("public-key-file", "rsa.pem"));

        assertThat(connect(plugin, Tokens.sign(key, JWSAlgorithm.RS256, Tokens.claims("alice").build())))
                .isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(connect(plugin, Tokens.sign(key, JWSAlgorithm.PS512, Tokens.claims("alice").build())))
                .isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(connect(plugin, Tokens.sign(Tokens.rsa(null), JWSAlgorithm.RS256, Tokens.claims("alice").build())))
                .isEqualTo(denied("token signature not valid"));
    }

    @Test
    void aKeyIdInTheTokenDoesNotMatterForAConfiguredKey() throws Exception {
        RSAKey key = Tokens.rsa("whatever-the-issuer-calls-it");
        pemFile("rsa.pem", key.toRSAPublicKey());

        assertThat(connect(plugin(Map.of("public-key-file", "rsa.pem")),
                Tokens.sign(key, JWSAlgorithm.RS256, Tokens.claims("alice").build())))
                .isInstanceOf(AuthenticationDecision.Allow.class);
    }

    @Test
    void anEcPublicKeyVerifiesTheAlgorithmOfItsCurveOnly() throws Exception {
        ECKey p256 = Tokens.ec(Curve.P_256, null);
        pemFile("ec.pem", p256.toECPublicKey());
        Authenticator plugin = plugin(Map.of("public-key-file", "ec.pem"));

        assertThat(connect(plugin, Tokens.sign(p256, JWSAlgorithm.ES256, Tokens.claims("alice").build())))
                .isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(connect(plugin, Tokens.sign(Tokens.ec(Curve.P_384, null), JWSAlgorithm.ES384,
                Tokens.claims("alice").build()))).isEqualTo(denied("token algorithm not accepted"));
        assertThat(connect(plugin, Tokens.sign(Tokens.rsa(null), JWSAlgorithm.RS256, Tokens.claims("alice").build())))
                .isEqualTo(denied("token algorithm not accepted"));
    }

    @Test
    void anHs256TokenSignedWithThePublicKeyBytesIsRefused() throws Exception {
        RSAKey key = Tokens.rsa(null);
        Path file = pemFile("rsa.pem", key.toRSAPublicKey());
        byte[] pemBytes = Files.readAllBytes(file);
        byte[] derBytes = key.toRSAPublicKey().getEncoded();
        Authenticator publicOnly = plugin(Map.of("public-key-file", "rsa.pem"));

        for (byte[] forgedSecret : new byte[][] {pemBytes, derBytes}) {
            String forged = Tokens.hmac(forgedSecret, JWSAlgorithm.HS256, Tokens.claims("admin").build());
            assertThat(connect(publicOnly, forged)).isEqualTo(denied("token algorithm not accepted"));
        }
    }

    @Test
    void withASecretToo_anHmacTokenIsCheckedAgainstTheSecretOnly() throws Exception {
        RSAKey key = Tokens.rsa(null);
        Path file = pemFile("rsa.pem", key.toRSAPublicKey());
        Authenticator both = plugin(Map.of("public-key-file", "rsa.pem", "secret", Tokens.SECRET));
        String forged = Tokens.hmac(Files.readAllBytes(file), JWSAlgorithm.HS256, Tokens.claims("admin").build());

        assertThat(connect(both, forged)).isEqualTo(denied("token signature not valid"));
        assertThat(connect(both, Tokens.hmac(Tokens.SECRET, Tokens.claims("alice").build())))
                .isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(connect(both, Tokens.sign(key, JWSAlgorithm.RS256, Tokens.claims("alice").build())))
                .isInstanceOf(AuthenticationDecision.Allow.class);
    }

    @Test
    void aCertificatesPublicKeyVerifiesTokens() throws Exception {
        Path keyStore = directory.resolve("issuer.p12");
        keytool("-genkeypair", "-alias", "issuer", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=issuer",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "issuer", "-keystore", keyStore.toString(), "-storepass", "changeit",
                "-file", directory.resolve("issuer.crt").toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream input = Files.newInputStream(keyStore)) {
            store.load(input, "changeit".toCharArray());
        }
        RSAKey signing = new RSAKey.Builder((RSAPublicKey) store.getCertificate("issuer").getPublicKey())
                .privateKey((RSAPrivateKey) store.getKey("issuer", "changeit".toCharArray())).build();

        assertThat(connect(plugin(Map.of("public-key-file", "issuer.crt")),
                Tokens.sign(signing, JWSAlgorithm.RS256, Tokens.claims("alice").build())))
                .isInstanceOf(AuthenticationDecision.Allow.class);
    }

    @Test
    void aPrivateKeyFileIsRefusedNamingTheKey() throws IOException {
        Files.writeString(directory.resolve("private.pem"),
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> plugin(Map.of("public-key-file", "private.pem")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith("plugins.instances.jwt.public-key-file: ")
                .hasMessageContaining("holds a private key");
    }

    @Test
    void aShortRsaKeyOrAFileWithoutPemAreRefusedNamingTheKey() throws GeneralSecurityException, JOSEException {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        pemFile("short.pem", generator.generateKeyPair().getPublic());
        Tokens.write(directory.resolve("text.pem"), "not a key");

        assertThatThrownBy(() -> plugin(Map.of("public-key-file", "short.pem")))
                .hasMessageStartingWith("plugins.instances.jwt.public-key-file: ").hasMessageContaining("1024 bits");
        assertThatThrownBy(() -> plugin(Map.of("public-key-file", "text.pem")))
                .hasMessageStartingWith("plugins.instances.jwt.public-key-file: ").hasMessageContaining("no PEM block");
        assertThatThrownBy(() -> plugin(Map.of("public-key-file", "missing.pem")))
                .hasMessageStartingWith("plugins.instances.jwt.public-key-file: cannot read");
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        String[] command = new String[arguments.length + 1];
        command[0] = keytool.toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool: %s", output).isZero();
    }
}
