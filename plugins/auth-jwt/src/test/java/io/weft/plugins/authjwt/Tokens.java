package io.weft.plugins.authjwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Keys and tokens made in the tests with Nimbus JOSE. */
final class Tokens {

    /** 2026-01-01T00:00:00Z, where the testkit's MutableClock starts. */
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final String SECRET = "a shared secret of at least 32 bytes, for HS256";

    private Tokens() {
    }

    static RSAKey rsa(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException failure) {
            throw new IllegalStateException(failure);
        }
    }

    static ECKey ec(Curve curve, String keyId) {
        try {
            return new ECKeyGenerator(curve).keyID(keyId).generate();
        } catch (JOSEException failure) {
            throw new IllegalStateException(failure);
        }
    }

    /** Claims for {@code subject}, valid for an hour from {@link #NOW}. */
    static JWTClaimsSet.Builder claims(String subject) {
        return claims(subject, NOW);
    }

    /** Claims for {@code subject}, valid for an hour from {@code issued} (the real time, for a real broker). */
    static JWTClaimsSet.Builder claims(String subject, Instant issued) {
        return new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plusSeconds(3600)));
    }

    static String hmac(String secret, JWTClaimsSet claims) {
        return hmac(secret.getBytes(StandardCharsets.UTF_8), JWSAlgorithm.HS256, claims);
    }

    static String hmac(byte[] secret, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            return sign(new MACSigner(secret), new JWSHeader.Builder(algorithm).build(), claims);
        } catch (JOSEException failure) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * Signed with HMAC computed here with the JDK, so that a test can make what Nimbus refuses to sign (HS512 with
     * a short secret).
     */
    static String rawHmac(byte[] secret, String algorithm, JWTClaimsSet claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String signingInput = encoder.encodeToString(("{\"alg\":\"" + algorithm + "\"}")
                .getBytes(StandardCharsets.UTF_8)) + "." + encoder.encodeToString(claims.toString()
                .getBytes(StandardCharsets.UTF_8));
        try {
            String jdkName = "HmacSHA" + algorithm.substring(2);
            Mac mac = Mac.getInstance(jdkName);
            mac.init(new SecretKeySpec(secret, jdkName));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + encoder.encodeToString(signature);
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException(failure);
        }
    }

    /** Signed with {@code key}'s private half, its key id in the header when it has one. */
    static String sign(JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner(key.toRSAKey());
            return sign(signer, new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
        } catch (JOSEException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) throws JOSEException {
        SignedJWT token = new SignedJWT(header, claims);
        token.sign(signer);
        return token.serialize();
    }

    /** The public key as a PEM {@code PUBLIC KEY} block. */
    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A JWKS document with the public halves of {@code keys}. */
    static String jwks(JWK... keys) {
        return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
    }

    static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
