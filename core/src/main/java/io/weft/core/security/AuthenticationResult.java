package io.weft.core.security;

import io.weft.core.codec.ReasonCode;
import io.weft.spi.auth.Principal;

import java.util.Objects;

/** The decision on a CONNECT, as a value. */
public sealed interface AuthenticationResult {

    /** The client is in as {@code principal}, with what it may do. */
    record Allow(Principal principal, AccessPolicy policy) implements AuthenticationResult {
        public Allow {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(policy, "policy");
        }

        /** An anonymous client. */
        public Allow(AccessPolicy policy) {
            this(Principal.ANONYMOUS, policy);
        }
    }

    /** The client is refused with a CONNACK reason code (0x86, 0x87, 0x8A ...) and a reason for the log. */
    record Deny(ReasonCode reasonCode, String reason) implements AuthenticationResult {
    }
}
