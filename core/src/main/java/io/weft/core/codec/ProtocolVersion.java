package io.weft.core.codec;

/** The three protocol revisions Weft speaks, keyed by the CONNECT protocol level byte. */
public enum ProtocolVersion {
    /** MQTT 3.1: protocol name "MQIsdp", level 3. */
    MQTT_3_1(3, "MQIsdp"),
    /** MQTT 3.1.1: protocol name "MQTT", level 4. */
    MQTT_3_1_1(4, "MQTT"),
    /** MQTT 5.0: protocol name "MQTT", level 5. */
    MQTT_5(5, "MQTT");

    private final int level;
    private final String protocolName;

    ProtocolVersion(int level, String protocolName) {
        this.level = level;
        this.protocolName = protocolName;
    }

    public int level() {
        return level;
    }

    public String protocolName() {
        return protocolName;
    }

    /** Whether this revision carries properties and reason codes (5.0). */
    public boolean isMqtt5() {
        return this == MQTT_5;
    }
}
