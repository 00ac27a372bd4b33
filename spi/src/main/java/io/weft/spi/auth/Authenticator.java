package io.weft.spi.auth;

import io.weft.spi.Plugin;

/**
 * Decides CONNECTs that carry no MQTT 5 Authentication Method (those go to an {@link EnhancedAuthenticator}).
 *
 * <p><b>Thread:</b> called on the connecting client's own virtual thread, for many clients at once, so it must be
 * thread-safe. It <b>may block</b> (read a file, call a service): the broker abandons a call that passes
 * {@code plugins.call-timeout}, interrupting it, and refuses the client with 0x88 Server unavailable (3.x return
 * code 3). <b>Throwing</b> refuses the client with 0x80 Unspecified error (3.x: 3); the exception is logged with
 * the plugin's name. Returning null is treated like throwing.
 *
 * @since 1.0
 */
public interface Authenticator extends Plugin {

    /** Allow, deny, or abstain to let the next authenticator in the chain decide. */
    AuthenticationDecision authenticate(ConnectAttempt attempt);
}
