package io.weft.spi.auth;

import io.weft.spi.Plugin;

import java.util.Set;

/**
 * MQTT 5 enhanced authentication (MQTT 5.0 section 4.12): challenge and response in AUTH packets, for CONNECTs
 * that name an Authentication Method, and for re-authentication (AUTH 0x19) on an established connection. The
 * first enabled enhanced authenticator, in configuration order, whose {@link #methods()} has the method handles
 * it; when none has it the client is refused with 0x8C Bad authentication method [MQTT-4.12.0-1].
 *
 * <p><b>Thread:</b> {@link #methods()} is called when the plugin is enabled; {@link #open} on the client's own
 * virtual thread, for many clients at once (thread-safe). It may block; deadlines and failures are those of
 * {@link Authenticator#authenticate}.
 *
 * @since 1.0
 */
public interface EnhancedAuthenticator extends Plugin {

    /** The Authentication Method names handled, such as {@code SCRAM-SHA-256}. */
    Set<String> methods();

    /**
     * A new exchange for one authentication of one client with {@code method}.
     *
     * @param phase at CONNECT, or a re-authentication of an established connection (whose
     *              {@code attempt} is that of its CONNECT)
     */
    AuthenticationExchange open(String method, ConnectAttempt attempt, AuthenticationPhase phase);
}
