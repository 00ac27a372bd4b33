package io.weft.core.codec;

/**
 * An MQTT 5.0 reason code (spec section 2.4). Several names share a value (0x00 is Success, Normal
 * disconnection and Granted QoS 0), so this is a value type, not an enum; the codec maps the 3.x
 * CONNACK return codes and SUBACK failure code onto these values.
 */
public record ReasonCode(int value) {

    public static final ReasonCode SUCCESS = new ReasonCode(0x00);
    public static final ReasonCode NORMAL_DISCONNECTION = SUCCESS;
    public static final ReasonCode GRANTED_QOS_0 = SUCCESS;
    public static final ReasonCode GRANTED_QOS_1 = new ReasonCode(0x01);
    public static final ReasonCode GRANTED_QOS_2 = new ReasonCode(0x02);
    public static final ReasonCode DISCONNECT_WITH_WILL_MESSAGE = new ReasonCode(0x04);
    public static final ReasonCode NO_MATCHING_SUBSCRIBERS = new ReasonCode(0x10);
    public static final ReasonCode NO_SUBSCRIPTION_EXISTED = new ReasonCode(0x11);
    public static final ReasonCode CONTINUE_AUTHENTICATION = new ReasonCode(0x18);
    public static final ReasonCode REAUTHENTICATE = new ReasonCode(0x19);
    public static final ReasonCode UNSPECIFIED_ERROR = new ReasonCode(0x80);
    public static final ReasonCode MALFORMED_PACKET = new ReasonCode(0x81);
    public static final ReasonCode PROTOCOL_ERROR = new ReasonCode(0x82);
    public static final ReasonCode IMPLEMENTATION_SPECIFIC_ERROR = new ReasonCode(0x83);
    public static final ReasonCode UNSUPPORTED_PROTOCOL_VERSION = new ReasonCode(0x84);
    public static final ReasonCode CLIENT_IDENTIFIER_NOT_VALID = new ReasonCode(0x85);
    public static final ReasonCode BAD_USER_NAME_OR_PASSWORD = new ReasonCode(0x86);
    public static final ReasonCode NOT_AUTHORIZED = new ReasonCode(0x87);
    public static final ReasonCode SERVER_UNAVAILABLE = new ReasonCode(0x88);
    public static final ReasonCode SERVER_BUSY = new ReasonCode(0x89);
    public static final ReasonCode BANNED = new ReasonCode(0x8A);
    public static final ReasonCode SERVER_SHUTTING_DOWN = new ReasonCode(0x8B);
    public static final ReasonCode BAD_AUTHENTICATION_METHOD = new ReasonCode(0x8C);
    public static final ReasonCode KEEP_ALIVE_TIMEOUT = new ReasonCode(0x8D);
    public static final ReasonCode SESSION_TAKEN_OVER = new ReasonCode(0x8E);
    public static final ReasonCode TOPIC_FILTER_INVALID = new ReasonCode(0x8F);
    public static final ReasonCode TOPIC_NAME_INVALID = new ReasonCode(0x90);
    public static final ReasonCode PACKET_IDENTIFIER_IN_USE = new ReasonCode(0x91);
    public static final ReasonCode PACKET_IDENTIFIER_NOT_FOUND = new ReasonCode(0x92);
    public static final ReasonCode RECEIVE_MAXIMUM_EXCEEDED = new ReasonCode(0x93);
    public static final ReasonCode TOPIC_ALIAS_INVALID = new ReasonCode(0x94);
    public static final ReasonCode PACKET_TOO_LARGE = new ReasonCode(0x95);
    public static final ReasonCode MESSAGE_RATE_TOO_HIGH = new ReasonCode(0x96);
    public static final ReasonCode QUOTA_EXCEEDED = new ReasonCode(0x97);
    public static final ReasonCode ADMINISTRATIVE_ACTION = new ReasonCode(0x98);
    public static final ReasonCode PAYLOAD_FORMAT_INVALID = new ReasonCode(0x99);
    public static final ReasonCode RETAIN_NOT_SUPPORTED = new ReasonCode(0x9A);
    public static final ReasonCode QOS_NOT_SUPPORTED = new ReasonCode(0x9B);
    public static final ReasonCode USE_ANOTHER_SERVER = new ReasonCode(0x9C);
    public static final ReasonCode SERVER_MOVED = new ReasonCode(0x9D);
    public static final ReasonCode SHARED_SUBSCRIPTIONS_NOT_SUPPORTED = new ReasonCode(0x9E);
    public static final ReasonCode CONNECTION_RATE_EXCEEDED = new ReasonCode(0x9F);
    public static final ReasonCode MAXIMUM_CONNECT_TIME = new ReasonCode(0xA0);
    public static final ReasonCode SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED = new ReasonCode(0xA1);
    public static final ReasonCode WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED = new ReasonCode(0xA2);

    public ReasonCode {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("reason code out of range: " + value);
        }
    }

    /** Values of 0x80 and above are failures [MQTT-2.4]. */
    public boolean isError() {
        return value >= 0x80;
    }

    /** The granted-QoS reason code for a SUBACK. */
    public static ReasonCode granted(QoS qos) {
        return switch (qos) {
            case AT_MOST_ONCE -> GRANTED_QOS_0;
            case AT_LEAST_ONCE -> GRANTED_QOS_1;
            case EXACTLY_ONCE -> GRANTED_QOS_2;
        };
    }

    @Override
    public String toString() {
        return String.format("0x%02X", value);
    }
}
