package io.weft.plugins.authjwt;

import com.nimbusds.jose.jwk.JWK;

import java.util.List;

/**
 * Where verification keys come from: the configured secret or public key, a JWKS file, a JWKS URL.
 * Implementations are thread-safe: called on clients' virtual threads, many at once.
 */
interface KeySource extends AutoCloseable {

    /** The keys to verify with now (public keys and the secret only). May block briefly to reload or refetch. */
    List<JWK> keys();

    /**
     * A token named a key id that no source holds: fetch the set again if this source can and its rate limit
     * allows. May block up to the source's fetch timeout.
     */
    default void refreshForUnknownKey() {
    }

    /** False while a remote source has never loaded a set, so that a missing key is reported as unavailable. */
    default boolean available() {
        return true;
    }

    /** Releases what the source holds (an HTTP client). */
    @Override
    default void close() {
    }
}
