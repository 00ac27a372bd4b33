package io.weft.plugins.authscram;

import java.util.Locale;

/** How a SCRAM exchange ended: the {@code result} label of the {@code exchanges} counter. */
enum ExchangeResult {
    SUCCESS,
    /** A known user with a wrong proof (a wrong password). */
    WRONG_PROOF,
    /** No verifier for the user; the client saw a decoy and cannot tell this from {@link #WRONG_PROOF}. */
    UNKNOWN_USER,
    /** The CONNECT's user name is not the SCRAM user, or the authzid is not. */
    USER_MISMATCH,
    /** The client-final-message's nonce is not the one the server made. */
    NONCE_MISMATCH,
    /** The client asked for channel binding ({@code p=}), which MQTT has no channel to bind to here. */
    CHANNEL_BINDING,
    /** A message that breaks RFC 5802's grammar, or came out of turn. */
    MALFORMED,
    /** The client left or timed out before the end. */
    ABANDONED;

    /** The metric label value: lower case with underscores. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
