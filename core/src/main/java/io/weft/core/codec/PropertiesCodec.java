package io.weft.core.codec;

import static io.weft.core.codec.PropertyId.*;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * MQTT 5.0 properties [MQTT-2.2.2]: a variable byte integer length, then identifier/value pairs. The
 * decoder enforces the table of spec 2.2.2.2 (which packet may carry which property), the rule that
 * only User Property, and Subscription Identifier in PUBLISH, may repeat, and the value ranges.
 */
final class PropertiesCodec {

    /** Where a property block sits: a packet type, or the will properties of a CONNECT. */
    enum Block {
        CONNECT(EnumSet.of(SESSION_EXPIRY_INTERVAL, AUTHENTICATION_METHOD, AUTHENTICATION_DATA,
                REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM,
                USER_PROPERTY, MAXIMUM_PACKET_SIZE)),
        WILL(EnumSet.of(PAYLOAD_FORMAT_INDICATOR, MESSAGE_EXPIRY_INTERVAL, CONTENT_TYPE, RESPONSE_TOPIC,
                CORRELATION_DATA, WILL_DELAY_INTERVAL, USER_PROPERTY)),
        CONNACK(EnumSet.of(SESSION_EXPIRY_INTERVAL, ASSIGNED_CLIENT_IDENTIFIER, SERVER_KEEP_ALIVE,
                AUTHENTICATION_METHOD, AUTHENTICATION_DATA, RESPONSE_INFORMATION, SERVER_REFERENCE, REASON_STRING,
                RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, MAXIMUM_QOS, RETAIN_AVAILABLE, USER_PROPERTY,
                MAXIMUM_PACKET_SIZE, WILDCARD_SUBSCRIPTION_AVAILABLE, SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                SHARED_SUBSCRIPTION_AVAILABLE)),
        PUBLISH(EnumSet.of(PAYLOAD_FORMAT_INDICATOR, MESSAGE_EXPIRY_INTERVAL, CONTENT_TYPE, RESPONSE_TOPIC,
                CORRELATION_DATA, SUBSCRIPTION_IDENTIFIER, TOPIC_ALIAS, USER_PROPERTY)),
        /** PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK and UNSUBACK. */
        ACKNOWLEDGEMENT(EnumSet.of(REASON_STRING, USER_PROPERTY)),
        SUBSCRIBE(EnumSet.of(SUBSCRIPTION_IDENTIFIER, USER_PROPERTY)),
        UNSUBSCRIBE(EnumSet.of(USER_PROPERTY)),
        DISCONNECT(EnumSet.of(SESSION_EXPIRY_INTERVAL, SERVER_REFERENCE, REASON_STRING, USER_PROPERTY)),
        AUTH(EnumSet.of(AUTHENTICATION_METHOD, AUTHENTICATION_DATA, REASON_STRING, USER_PROPERTY));

        private final Set<PropertyId> allowed;

        Block(Set<PropertyId> allowed) {
            this.allowed = allowed;
        }

        boolean allows(PropertyId id) {
            return allowed.contains(id);
        }
    }

    private PropertiesCodec() {
    }

    /** Reads a property length and the properties it covers. */
    static MqttProperties decode(ByteReader reader, Block block) throws MalformedPacketException {
        int length = reader.readVariableByteInteger("property length");
        if (length == 0) {
            return MqttProperties.EMPTY;
        }
        int savedLimit = reader.narrow(length, "properties");
        MqttProperties.Builder builder = MqttProperties.builder();
        long seen = 0;
        while (reader.hasRemaining()) {
            int identifier = reader.readVariableByteInteger("property identifier");
            PropertyId id = PropertyId.of(identifier);
            if (id == null) {
                throw reader.fail(ReasonCode.MALFORMED_PACKET, String.format(
                        "Unknown property identifier 0x%02X in %s", identifier, where(reader, block)));
            }
            if (!block.allows(id)) {
                throw reader.fail(ReasonCode.PROTOCOL_ERROR,
                        "Property " + id + " is not allowed in " + where(reader, block));
            }
            boolean repeatable = id == USER_PROPERTY || id == SUBSCRIPTION_IDENTIFIER && block == Block.PUBLISH;
            long bit = 1L << identifier;
            if ((seen & bit) != 0 && !repeatable) {
                throw reader.fail(ReasonCode.PROTOCOL_ERROR,
                        "Property " + id + " appears twice in " + where(reader, block));
            }
            seen |= bit;
            builder.put(id, readValue(reader, id, block));
        }
        reader.restore(savedLimit);
        return builder.build();
    }

    private static String where(ByteReader reader, Block block) {
        return block == Block.WILL ? "will properties of CONNECT" : "properties of " + reader.type();
    }

    private static Object readValue(ByteReader reader, PropertyId id, Block block)
            throws MalformedPacketException {
        String field = id.toString();
        Object value = switch (id.type()) {
            case BYTE -> reader.readByte(field);
            case TWO_BYTE_INTEGER -> reader.readShort(field);
            case FOUR_BYTE_INTEGER -> reader.readInt(field);
            case VARIABLE_BYTE_INTEGER -> reader.readVariableByteInteger(field);
            case UTF8_STRING -> reader.readUtf8(field);
            case BINARY -> reader.readBinary(field);
            case UTF8_STRING_PAIR -> new UserProperty(reader.readUtf8("USER_PROPERTY name"),
                    reader.readUtf8("USER_PROPERTY value"));
        };
        checkRange(reader, id, value, block);
        return value;
    }

    private static void checkRange(ByteReader reader, PropertyId id, Object value, Block block)
            throws MalformedPacketException {
        String problem = switch (id) {
            // A value other than 0 or 1 is a Protocol Error (spec 3.1.2.11.4, 3.1.2.11.6, 3.2.2.3.4-3.2.2.3.13).
            case PAYLOAD_FORMAT_INDICATOR, REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION, MAXIMUM_QOS,
                 RETAIN_AVAILABLE, WILDCARD_SUBSCRIPTION_AVAILABLE, SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                 SHARED_SUBSCRIPTION_AVAILABLE -> (Integer) value > 1 ? "must be 0 or 1" : null;
            // Zero is a Protocol Error (spec 3.1.2.11.3, 3.1.2.11.4, 3.3.2.3.4, 3.8.2.1.2).
            case RECEIVE_MAXIMUM, TOPIC_ALIAS, SUBSCRIPTION_IDENTIFIER -> (Integer) value == 0 ? "must not be 0" : null;
            case MAXIMUM_PACKET_SIZE -> (Long) value == 0 ? "must not be 0" : null;
            default -> null;
        };
        if (problem != null) {
            // Alias 0 is an invalid topic alias [MQTT-3.3.2-8]: 0x94, like one above the maximum [MQTT-3.3.2-9].
            ReasonCode reason = id == PropertyId.TOPIC_ALIAS ? ReasonCode.TOPIC_ALIAS_INVALID : ReasonCode.PROTOCOL_ERROR;
            throw reader.fail(reason,
                    "Property " + id + " in " + where(reader, block) + " " + problem + ", found " + value);
        }
    }

    /** The size of the property block including its length prefix. */
    static int blockSize(MqttProperties properties) {
        return properties.isEmpty() ? 1 : properties.encodedBlock().length;
    }

    /**
     * Writes the property length and the properties in identifier order. The bytes are made once per
     * properties object and kept there: a message fanned out to many 5.0 subscribers is encoded once.
     */
    static void encode(MqttProperties properties, WriteBuffer out) {
        if (properties.isEmpty()) {
            out.writeByte(0);
            return;
        }
        out.writeBytes(properties.encodedBlock());
    }

    /** The block's bytes, for {@link MqttProperties#encodedBlock()}. */
    static byte[] encodeBlock(MqttProperties properties) {
        int length = contentLength(properties);
        WriteBuffer out = new WriteBuffer(VariableByteInteger.size(length) + length);
        encodeUncached(properties, out);
        return Arrays.copyOf(out.array(), out.size());
    }

    private static void encodeUncached(MqttProperties properties, WriteBuffer out) {
        out.writeVariableByteInteger(contentLength(properties));
        if (properties.isEmpty()) {
            return;
        }
        Map<PropertyId, Object> values = properties.values();
        for (PropertyId id : PropertyId.values()) {
            switch (id) {
                case SUBSCRIPTION_IDENTIFIER -> {
                    for (int identifier : properties.subscriptionIdentifiers()) {
                        out.writeByte(id.identifier());
                        out.writeVariableByteInteger(identifier);
                    }
                }
                case USER_PROPERTY -> {
                    for (UserProperty property : properties.userProperties()) {
                        out.writeByte(id.identifier());
                        out.writeUtf8(property.name());
                        out.writeUtf8(property.value());
                    }
                }
                default -> {
                    Object value = values.get(id);
                    if (value != null) {
                        out.writeByte(id.identifier());
                        writeValue(id, value, out);
                    }
                }
            }
        }
    }

    private static void writeValue(PropertyId id, Object value, WriteBuffer out) {
        switch (id.type()) {
            case BYTE -> out.writeByte((Integer) value);
            case TWO_BYTE_INTEGER -> out.writeShort((Integer) value);
            case FOUR_BYTE_INTEGER -> out.writeInt((int) (long) (Long) value);
            case VARIABLE_BYTE_INTEGER -> out.writeVariableByteInteger((Integer) value);
            case UTF8_STRING -> out.writeUtf8((String) value);
            case BINARY -> out.writeBinary((byte[]) value);
            case UTF8_STRING_PAIR -> throw new IllegalStateException("user properties are written separately");
        }
    }

    private static int contentLength(MqttProperties properties) {
        if (properties.isEmpty()) {
            return 0;
        }
        int length = 0;
        for (Map.Entry<PropertyId, Object> entry : properties.values().entrySet()) {
            length += 1 + valueSize(entry.getKey(), entry.getValue());
        }
        for (int identifier : properties.subscriptionIdentifiers()) {
            length += 1 + VariableByteInteger.size(identifier);
        }
        for (UserProperty property : properties.userProperties()) {
            length += 1 + 2 + Utf8.encodedLength(property.name()) + 2 + Utf8.encodedLength(property.value());
        }
        return length;
    }

    private static int valueSize(PropertyId id, Object value) {
        return switch (id.type()) {
            case BYTE -> 1;
            case TWO_BYTE_INTEGER -> 2;
            case FOUR_BYTE_INTEGER -> 4;
            case VARIABLE_BYTE_INTEGER -> VariableByteInteger.size((Integer) value);
            case UTF8_STRING -> 2 + Utf8.encodedLength((String) value);
            case BINARY -> 2 + ((byte[]) value).length;
            case UTF8_STRING_PAIR -> throw new IllegalStateException("user properties are sized separately");
        };
    }
}
