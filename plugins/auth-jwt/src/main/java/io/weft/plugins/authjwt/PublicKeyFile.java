package io.weft.plugins.authjwt;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads an RSA or EC public key from a PEM file: a {@code PUBLIC KEY} block or a {@code CERTIFICATE}. Stateless. */
final class PublicKeyFile {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PublicKeyFile() {
    }

    /**
     * The key in {@code file}, as a JWK without a key id (it verifies tokens whatever {@code kid} they name).
     *
     * @throws IllegalArgumentException with a message fit for the configuration error: what is wrong, never the
     *                                  file's content
     */
    static JWK read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher block = BLOCK.matcher(text);
        if (!block.find()) {
            throw new IllegalArgumentException("holds no PEM block (-----BEGIN PUBLIC KEY-----)");
        }
        String type = block.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(2));
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("its " + type + " block is not valid base64");
        }
        PublicKey key = switch (type) {
            case "PUBLIC KEY" -> publicKey(der);
            case "CERTIFICATE" -> certificateKey(der);
            default -> throw new IllegalArgumentException(type.contains("PRIVATE")
                    ? "holds a private key; give the public key (openssl pkey -pubout)"
                    : "holds a " + type + " block; expected PUBLIC KEY or CERTIFICATE");
        };
        return toJwk(key);
    }

    private static PublicKey publicKey(byte[] der) {
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisType) {
                // try the next type
            }
        }
        throw new IllegalArgumentException("holds a public key that is neither RSA nor EC");
    }

    private static PublicKey certificateKey(byte[] der) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
        } catch (GeneralSecurityException notCertificate) {
            throw new IllegalArgumentException("holds a CERTIFICATE block that is not an X.509 certificate");
        }
    }

    private static JWK toJwk(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < JwksKeys.MINIMUM_RSA_BITS) {
                throw new IllegalArgumentException("holds an RSA key of " + bits + " bits; at least "
                        + JwksKeys.MINIMUM_RSA_BITS + " are needed");
            }
            return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null || !JwksKeys.CURVES.contains(curve)) {
                throw new IllegalArgumentException("holds an EC key on a curve other than P-256, P-384 or P-521");
            }
            return new ECKey.Builder(curve, ec).build();
        }
        throw new IllegalArgumentException("holds a " + key.getAlgorithm() + " key; expected RSA or EC");
    }
}
