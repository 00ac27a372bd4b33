package io.weft.spi.auth;

import java.util.Objects;

/**
 * The outcome of one step of an {@link AuthenticationExchange}.
 *
 * @since 1.0
 */
public sealed interface AuthenticationStep {

    /** Another round: the broker sends AUTH 0x18 Continue authentication with {@code data} (null for none). */
    record Challenge(byte[] data) implements AuthenticationStep {
        public Challenge {
            data = data == null ? null : data.clone();
        }

        @Override
        public byte[] data() {
            return data == null ? null : data.clone();
        }
    }

    /**
     * The client is in as {@code principal} with {@code policy}; {@code data} (null for none) goes out in the
     * CONNACK, or in AUTH 0x00 after a re-authentication.
     */
    record Success(Principal principal, AccessPolicy policy, byte[] data) implements AuthenticationStep {
        public Success {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(policy, "policy");
            data = data == null ? null : data.clone();
        }

        @Override
        public byte[] data() {
            return data == null ? null : data.clone();
        }
    }

    /** Refused with {@code reason}; {@code message} as for {@link AuthenticationDecision.Deny}. */
    record Failure(ConnectReason reason, String message) implements AuthenticationStep {
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
