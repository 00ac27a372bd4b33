package io.weft.plugins.authjwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Thread-safe: called on clients' virtual threads; immutable apart from what the sources hold. All key sources of
 * one instance, and the choice of keys that may verify a token. A key fits a token when its type is the one the
 * token's algorithm needs (an HMAC algorithm takes the configured secret and nothing else, so a token signed with
 * a public key's bytes as an HMAC secret finds no key: no algorithm confusion), its {@code alg}, when set, is the
 * token's, and its key id, when set, is the token's. (Keys whose {@code use} is not signing never get here.)
 */
final class KeyRing implements AutoCloseable {

    /** The keys that fit a token, and whether a source that might have held its key has never loaded. */
    record Selection(List<JWK> keys, boolean sourceUnavailable) {
    }

    private final List<KeySource> sources;
    private final Set<JWSAlgorithm> algorithms;

    KeyRing(List<KeySource> sources, Set<JWSAlgorithm> algorithms) {
        this.sources = List.copyOf(sources);
        this.algorithms = Set.copyOf(algorithms);
    }

    /** The algorithms a token may be signed with. */
    Set<JWSAlgorithm> algorithms() {
        return algorithms;
    }

    /**
     * The keys that may have signed a token with {@code header}. When the token names a key id that no source
     * holds, the sources that can fetch again are asked to (each within its rate limit) before choosing.
     */
    Selection select(JWSHeader header) {
        List<JWK> all = allKeys();
        String keyId = header.getKeyID();
        if (keyId != null && all.stream().noneMatch(key -> keyId.equals(key.getKeyID()))) {
            sources.forEach(KeySource::refreshForUnknownKey);
            all = allKeys();
        }
        List<JWK> fitting = new ArrayList<>();
        for (JWK key : all) {
            if (fits(header.getAlgorithm(), keyId, key)) {
                fitting.add(key);
            }
        }
        boolean unavailable = fitting.isEmpty() && sources.stream().anyMatch(source -> !source.available());
        return new Selection(List.copyOf(fitting), unavailable);
    }

    private List<JWK> allKeys() {
        List<JWK> all = new ArrayList<>();
        for (KeySource source : sources) {
            all.addAll(source.keys());
        }
        return all;
    }

    static boolean fits(JWSAlgorithm algorithm, String keyId, JWK key) {
        if (key.getKeyID() != null && keyId != null && !key.getKeyID().equals(keyId)) {
            return false;
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(algorithm)) {
            return false;
        }
        if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
            return key instanceof OctetSequenceKey;
        }
        if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
            return key instanceof RSAKey;
        }
        if (JWSAlgorithm.Family.EC.contains(algorithm)) {
            return key instanceof ECKey ec && Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve());
        }
        return false;
    }

    @Override
    public void close() {
        sources.forEach(KeySource::close);
    }
}
