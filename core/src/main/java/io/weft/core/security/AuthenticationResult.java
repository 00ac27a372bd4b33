package io.weft.core.security;

import io.weft.core.codec.ReasonCode;

/** The decision on a CONNECT, as a value. */
public sealed interface AuthenticationResult {

    /** The client is in, with what it may do. */
    record Allow(AccessPolicy policy) implements AuthenticationResult {
    }

    /** The client is refused with a CONNACK reason code (0x86, 0x87, 0x8A ...) and a reason for the log. */
    record Deny(ReasonCode reasonCode, String reason) implements AuthenticationResult {
    }
}
