package io.weft.spi.auth;

/**
 * An {@link AccessPolicy}'s answer. A denied PUBLISH is acknowledged with 0x87 Not authorized (MQTT 5; 3.x
 * clients get a normal acknowledgement, as the protocol has no refusal) and goes nowhere; a denied subscription
 * gets 0x87 in the SUBACK (3.x: 0x80).
 *
 * @since 1.0
 */
public enum AccessDecision {
    ALLOW,
    DENY;

    public boolean allowed() {
        return this == ALLOW;
    }
}
