package io.weft.plugins.authjwt;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Picks the keys of a JWKS that may verify tokens. Stateless. */
final class JwksKeys {

    static final int MINIMUM_RSA_BITS = 2048;
    static final Set<Curve> CURVES = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);

    private JwksKeys() {
    }

    /**
     * The public halves of the RSA (2048 bits or more) and EC (P-256, P-384, P-521) signing keys of {@code set}.
     * Symmetric keys are skipped: a key set is published, and an HMAC key in it would let anyone who reads it
     * sign tokens. Revoked keys, encryption keys and key types the JDK cannot verify with are skipped as well;
     * {@code skipped} hears about each.
     */
    static List<JWK> usable(JWKSet set, Consumer<String> skipped) {
        List<JWK> keys = new ArrayList<>();
        for (JWK key : set.getKeys()) {
            String name = key.getKeyID() == null ? "a key without kid" : "key '" + key.getKeyID() + "'";
            if (key.getKeyRevocation() != null) {
                skipped.accept(name + ": revoked");
            } else if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
                skipped.accept(name + ": not a signing key (use " + key.getKeyUse() + ")");
            } else if (key instanceof RSAKey rsa && rsa.size() < MINIMUM_RSA_BITS) {
                skipped.accept(name + ": RSA key of " + rsa.size() + " bits, fewer than " + MINIMUM_RSA_BITS);
            } else if (key instanceof ECKey ec && !CURVES.contains(ec.getCurve())) {
                skipped.accept(name + ": curve " + ec.getCurve() + " not supported");
            } else if (key instanceof RSAKey || key instanceof ECKey) {
                keys.add(key.toPublicJWK());
            } else {
                skipped.accept(name + ": key type " + key.getKeyType() + " not accepted from a key set");
            }
        }
        return List.copyOf(keys);
    }

    /** The key ids of {@code keys}, for log lines. */
    static List<String> ids(List<JWK> keys) {
        return keys.stream().map(key -> key.getKeyID() == null ? "(no kid)" : key.getKeyID()).toList();
    }
}
