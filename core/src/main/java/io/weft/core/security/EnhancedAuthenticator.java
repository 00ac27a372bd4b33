package io.weft.core.security;

import io.weft.core.codec.ReasonCode;
import io.weft.core.security.Authenticator.ConnectRequest;
import io.weft.spi.auth.AuthenticationPhase;
import io.weft.spi.auth.Principal;

import java.util.Objects;

/**
 * MQTT 5 enhanced authentication (5.0 section 4.12): challenge and response through AUTH packets, chosen by
 * the CONNECT's Authentication Method. Called on the connection's reader virtual thread, so an
 * implementation may block. A connection that names a method for which {@link #open} returns null is
 * refused with CONNACK 0x8C (Bad authentication method) [MQTT-4.12.0-1].
 */
@FunctionalInterface
public interface EnhancedAuthenticator {

    /** Handles no method: every CONNECT with an Authentication Method is refused with 0x8C. */
    EnhancedAuthenticator NONE = (method, phase) -> null;

    /**
     * A new exchange for one authentication (at CONNECT, or a re-authentication) with {@code method}, or null
     * when this authenticator does not handle it.
     */
    Exchange open(String method, AuthenticationPhase phase);

    /** Owned by one connection's reader thread for one authentication; never shared between connections. */
    interface Exchange {

        /** The first step: the CONNECT (or AUTH 0x19) and its Authentication Data, null when absent. */
        Step begin(ConnectRequest request, byte[] data);

        /** The client's answer to a {@link Step.Continue} challenge ("continue" is a Java keyword). */
        Step proceed(byte[] data);

        /** The exchange ended without a decision: the client left or the connect timeout passed. Any thread. */
        default void abandon() {
        }
    }

    /** The outcome of one step. */
    sealed interface Step {

        /** Another round: the broker sends AUTH 0x18 with {@code data} (may be null). */
        record Continue(byte[] data) implements Step {
        }

        /**
         * The client is in as {@code principal} with {@code policy}; {@code data} (may be null) goes out with CONNACK
         * or AUTH 0x00.
         */
        record Success(Principal principal, AccessPolicy policy, byte[] data) implements Step {
            public Success {
                Objects.requireNonNull(principal, "principal");
                Objects.requireNonNull(policy, "policy");
            }

            /** An exchange that names no principal. */
            public Success(AccessPolicy policy, byte[] data) {
                this(Principal.ANONYMOUS, policy, data);
            }
        }

        /** Refused with a failure reason code (0x86, 0x87, 0x8C ...) and a reason for the log. */
        record Failure(ReasonCode reasonCode, String reason) implements Step {
            public Failure {
                if (!reasonCode.isError()) {
                    throw new IllegalArgumentException("a failure needs a failure reason code: " + reasonCode);
                }
            }
        }
    }
}
