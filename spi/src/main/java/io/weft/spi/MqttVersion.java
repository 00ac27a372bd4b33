package io.weft.spi;

/**
 * The protocol version a client connected with.
 *
 * @since 1.0
 */
public enum MqttVersion {
    /** MQTT 3.1 (protocol level 3). */
    MQTT_3_1,
    /** MQTT 3.1.1 (protocol level 4). */
    MQTT_3_1_1,
    /** MQTT 5.0 (protocol level 5): reason codes, enhanced authentication, user properties. */
    MQTT_5;

    public boolean isMqtt5() {
        return this == MQTT_5;
    }
}
