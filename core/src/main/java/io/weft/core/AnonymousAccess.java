package io.weft.core;

import java.net.InetAddress;

/**
 * Whether clients that no authenticator vouched for, and that presented no user name, may connect
 * ({@code auth.anonymous}).
 */
public enum AnonymousAccess {
    /** Only on a listener bound to a loopback address (the embedded default: 127.0.0.1). */
    LOOPBACK,
    /** On every listener. */
    ON,
    /** Never. */
    OFF;

    /** Whether anonymous clients are admitted on a listener bound to {@code listenerAddress}. */
    public boolean allowedOn(InetAddress listenerAddress) {
        return switch (this) {
            case ON -> true;
            case OFF -> false;
            case LOOPBACK -> listenerAddress != null && listenerAddress.isLoopbackAddress();
        };
    }

    /** The configuration value: {@code loopback}, {@code on} or {@code off}. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
