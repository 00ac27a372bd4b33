package io.weft.core.codec;

/** Quality of service levels; QoS 3 does not exist and is rejected by the decoder [MQTT-3.3.1-4]. */
public enum QoS {
    AT_MOST_ONCE,
    AT_LEAST_ONCE,
    EXACTLY_ONCE;

    private static final QoS[] VALUES = values();

    public int value() {
        return ordinal();
    }

    /** The QoS with this wire value; {@code value} must be 0, 1 or 2. */
    public static QoS of(int value) {
        return VALUES[value];
    }

    public static QoS min(QoS a, QoS b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    public static QoS max(QoS a, QoS b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
