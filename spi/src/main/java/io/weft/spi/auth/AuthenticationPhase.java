package io.weft.spi.auth;

/**
 * When an enhanced authentication happens.
 *
 * @since 1.0
 */
public enum AuthenticationPhase {
    /** The CONNECT of a new connection: failure refuses it with CONNACK. */
    CONNECT,
    /**
     * AUTH 0x19 on an established connection (MQTT 5.0 section 4.12.1): success replaces the connection's access
     * policy; failure ends the connection with DISCONNECT [MQTT-4.12.1-2].
     */
    REAUTHENTICATION
}
