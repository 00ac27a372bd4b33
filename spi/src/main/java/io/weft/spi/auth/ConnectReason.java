package io.weft.spi.auth;

/**
 * Why a CONNECT (or a re-authentication) is refused: the MQTT 5 CONNACK reason codes a plugin may give. A 3.1.1
 * or 3.1 client gets the nearest CONNACK return code ({@link #mqtt3ReturnCode()}).
 *
 * @since 1.0
 */
public enum ConnectReason {
    UNSPECIFIED_ERROR(0x80, 3),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, 3),
    CLIENT_IDENTIFIER_NOT_VALID(0x85, 2),
    BAD_USER_NAME_OR_PASSWORD(0x86, 4),
    NOT_AUTHORIZED(0x87, 5),
    SERVER_UNAVAILABLE(0x88, 3),
    SERVER_BUSY(0x89, 3),
    BANNED(0x8A, 3),
    /** The Authentication Method is not supported, or changed during an exchange (MQTT 5 only). */
    BAD_AUTHENTICATION_METHOD(0x8C, 3),
    QUOTA_EXCEEDED(0x97, 3),
    CONNECTION_RATE_EXCEEDED(0x9F, 3);

    private final int code;
    private final int mqtt3ReturnCode;

    ConnectReason(int code, int mqtt3ReturnCode) {
        this.code = code;
        this.mqtt3ReturnCode = mqtt3ReturnCode;
    }

    /** The MQTT 5 reason code. */
    public int code() {
        return code;
    }

    /** The MQTT 3.1.1 CONNACK return code: 2 identifier rejected, 3 server unavailable, 4 bad user name or
     * password, 5 not authorized. */
    public int mqtt3ReturnCode() {
        return mqtt3ReturnCode;
    }
}
