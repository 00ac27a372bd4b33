package io.weft.core.codec;

/** The fifteen control packet types, by the value of bits 7-4 of the fixed header. */
public enum PacketType {
    CONNECT(1),
    CONNACK(2),
    PUBLISH(3),
    PUBACK(4),
    PUBREC(5),
    PUBREL(6),
    PUBCOMP(7),
    SUBSCRIBE(8),
    SUBACK(9),
    UNSUBSCRIBE(10),
    UNSUBACK(11),
    PINGREQ(12),
    PINGRESP(13),
    DISCONNECT(14),
    /** MQTT 5.0 only. */
    AUTH(15);

    private static final PacketType[] BY_VALUE = new PacketType[16];

    static {
        for (PacketType type : values()) {
            BY_VALUE[type.value] = type;
        }
    }

    private final int value;

    PacketType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The type for bits 7-4 of a fixed header, or null for the reserved value 0. */
    public static PacketType of(int value) {
        return BY_VALUE[value & 0x0F];
    }
}
