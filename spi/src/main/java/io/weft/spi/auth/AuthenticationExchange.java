package io.weft.spi.auth;

/**
 * One enhanced authentication of one client, from its first step to success or failure. Used by one thread at a
 * time (the client's virtual thread), never concurrently; it may block, with the deadline of
 * {@link Authenticator#authenticate} on each step. Throwing fails the authentication with 0x80.
 *
 * @since 1.0
 */
public interface AuthenticationExchange {

    /**
     * The first step, with the Authentication Data of the CONNECT (or of AUTH 0x19), null when absent.
     */
    AuthenticationStep begin(byte[] data);

    /** The client's answer (AUTH 0x18) to the last {@link AuthenticationStep.Challenge}, its data null when absent. */
    AuthenticationStep respond(byte[] data);

    /**
     * The exchange ended without a decision (the client left, the connect timeout passed, the broker stopped).
     * Called at most once, on any thread.
     */
    default void abandon() {
    }
}
