package io.weft.spi.auth;

import io.weft.spi.Plugin;

/**
 * Adds an access policy to every connection, whoever authenticated it: an ACL file applied to clients that a
 * token authenticator let in, say. The connection may do what the authenticator's policy and every authorizer's
 * policy all allow.
 *
 * <p><b>Thread:</b> called once per connection, at CONNECT after authentication succeeded, on the client's own
 * virtual thread; thread-safe. It <b>may block</b>; the broker's deadline and failure handling are those of
 * {@link Authenticator#authenticate}: a call that passes the deadline refuses the client with 0x88, one that
 * throws with 0x80. The returned policy then obeys {@link AccessPolicy}'s rules (no blocking).
 *
 * @since 1.0
 */
public interface Authorizer extends Plugin {

    /**
     * The policy for a connection of {@code principal} ({@link Principal#ANONYMOUS} for anonymous clients);
     * {@link AccessPolicy#ALLOW_ALL} to add no restriction.
     */
    AccessPolicy authorize(ConnectAttempt attempt, Principal principal);
}
