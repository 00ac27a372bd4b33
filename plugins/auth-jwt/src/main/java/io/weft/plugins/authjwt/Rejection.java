package io.weft.plugins.authjwt;

import io.weft.spi.auth.ConnectReason;

/**
 * Why a token was refused: the metric label, the reason code and the short reason string the client may see. The
 * precise cause (which claim, which times) goes to the log only, and nothing here ever tells about keys.
 */
enum Rejection {
    MALFORMED("malformed", "malformed token"),
    ALGORITHM("algorithm", "token algorithm not accepted"),
    UNKNOWN_KEY("unknown_key", "token signing key not known"),
    KEYS_UNAVAILABLE("keys_unavailable", ConnectReason.SERVER_UNAVAILABLE, "token signing keys unavailable"),
    SIGNATURE("signature", "token signature not valid"),
    NO_EXPIRY("no_expiry", "token has no expiry"),
    EXPIRED("expired", "token expired"),
    NOT_YET_VALID("not_yet_valid", "token not yet valid"),
    ISSUER("issuer", "token issuer not accepted"),
    AUDIENCE("audience", "token audience not accepted"),
    USERNAME("username", "user name does not match the token"),
    CLIENT_ID("client_id", "client identifier does not match the token"),
    CLAIMS("claims", "token claims not valid");

    private final String label;
    private final ConnectReason reason;
    private final String message;

    Rejection(String label, String message) {
        this(label, ConnectReason.BAD_USER_NAME_OR_PASSWORD, message);
    }

    Rejection(String label, ConnectReason reason, String message) {
        this.label = label;
        this.reason = reason;
        this.message = message;
    }

    /** The value of the {@code reason} label of the validations metric. */
    String label() {
        return label;
    }

    ConnectReason reason() {
        return reason;
    }

    /** What the client may read in the CONNACK's reason string. */
    String message() {
        return message;
    }
}
