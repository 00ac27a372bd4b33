package io.weft.spi.auth;

import java.util.Objects;

/**
 * An {@link Authenticator}'s answer to a CONNECT.
 *
 * @since 1.0
 */
public sealed interface AuthenticationDecision {

    /** The client is in, as {@code principal}, with what {@code policy} allows. */
    record Allow(Principal principal, AccessPolicy policy) implements AuthenticationDecision {
        public Allow {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(policy, "policy");
        }
    }

    /**
     * The client is refused with {@code reason}; {@code message} goes to the broker's log and, for MQTT 5
     * clients that asked for problem information, out as the CONNACK's reason string (so it should not say more
     * than the client may know).
     */
    record Deny(ConnectReason reason, String message) implements AuthenticationDecision {
        public Deny {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Not this authenticator's client (an unknown user, no token): the next one in the chain decides. */
    record Abstain() implements AuthenticationDecision {
    }

    /** Allows {@code principalName} to do everything (authorizers may still restrict it). */
    static Allow allow(String principalName) {
        return new Allow(Principal.of(principalName), AccessPolicy.ALLOW_ALL);
    }

    static Allow allow(Principal principal, AccessPolicy policy) {
        return new Allow(principal, policy);
    }

    static Deny deny(ConnectReason reason, String message) {
        return new Deny(reason, message);
    }

    static Abstain abstain() {
        return new Abstain();
    }
}
