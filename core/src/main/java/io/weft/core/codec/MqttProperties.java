package io.weft.core.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable MQTT 5.0 properties of one packet. Single-valued properties are kept by id with values
 * typed by {@link PropertyId.Type}: BYTE, TWO_BYTE_INTEGER and VARIABLE_BYTE_INTEGER as {@link Integer},
 * FOUR_BYTE_INTEGER as {@link Long} (it is unsigned), UTF8_STRING as {@link String}, BINARY as byte[].
 * Subscription identifiers and user properties may repeat and keep their order. 3.x packets carry
 * {@link #EMPTY}.
 */
public final class MqttProperties {

    public static final MqttProperties EMPTY = new MqttProperties(new EnumMap<>(PropertyId.class), List.of(), List.of());

    private final EnumMap<PropertyId, Object> values;
    private final List<Integer> subscriptionIdentifiers;
    private final List<UserProperty> userProperties;
    /** The encoded block, made on first use (volatile: the bytes are read by other writer threads). */
    private volatile byte[] encodedBlock;

    private MqttProperties(EnumMap<PropertyId, Object> values, List<Integer> subscriptionIdentifiers,
                           List<UserProperty> userProperties) {
        this.values = values;
        this.subscriptionIdentifiers = subscriptionIdentifiers;
        this.userProperties = userProperties;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these properties. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.values.putAll(values);
        builder.subscriptionIdentifiers.addAll(subscriptionIdentifiers);
        builder.userProperties.addAll(userProperties);
        return builder;
    }

    /** The encoded property block (length and properties); callers must not modify it. */
    byte[] encodedBlock() {
        byte[] block = encodedBlock;
        if (block == null) {
            block = PropertiesCodec.encodeBlock(this);
            encodedBlock = block; // a race only encodes twice; the values are immutable
        }
        return block;
    }

    /**
     * The message properties as the wire encodes them (property length, then the properties), for stores
     * that keep messages; {@link #fromMessageBlock} reads them back.
     */
    public byte[] toMessageBlock() {
        return isEmpty() ? new byte[] {0} : encodedBlock().clone();
    }

    /** Reads a block written by {@link #toMessageBlock}; the properties a PUBLISH may carry. */
    public static MqttProperties fromMessageBlock(byte[] block) throws MalformedPacketException {
        ByteReader reader = new ByteReader(block, 0, block.length, PacketType.PUBLISH);
        MqttProperties properties = PropertiesCodec.decode(reader, PropertiesCodec.Block.PUBLISH);
        if (reader.remaining() != 0) {
            throw new MalformedPacketException(ReasonCode.MALFORMED_PACKET, "bytes after the message properties");
        }
        return properties;
    }

    public boolean isEmpty() {
        return values.isEmpty() && subscriptionIdentifiers.isEmpty() && userProperties.isEmpty();
    }

    public boolean contains(PropertyId id) {
        return switch (id) {
            case SUBSCRIPTION_IDENTIFIER -> !subscriptionIdentifiers.isEmpty();
            case USER_PROPERTY -> !userProperties.isEmpty();
            default -> values.containsKey(id);
        };
    }

    /** The single-valued properties in identifier order (not subscription identifiers, not user properties). */
    public Map<PropertyId, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /** BYTE, TWO_BYTE_INTEGER or VARIABLE_BYTE_INTEGER value, or null when absent. */
    public Integer integer(PropertyId id) {
        return (Integer) values.get(id);
    }

    /** FOUR_BYTE_INTEGER value (unsigned, so a long), or null when absent. */
    public Long fourByteInteger(PropertyId id) {
        return (Long) values.get(id);
    }

    /** UTF8_STRING value, or null when absent. */
    public String string(PropertyId id) {
        return (String) values.get(id);
    }

    /** BINARY value (a copy), or null when absent. */
    public byte[] binary(PropertyId id) {
        byte[] value = (byte[]) values.get(id);
        return value == null ? null : value.clone();
    }

    public List<Integer> subscriptionIdentifiers() {
        return subscriptionIdentifiers;
    }

    public List<UserProperty> userProperties() {
        return userProperties;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof MqttProperties that)
                || !values.keySet().equals(that.values.keySet())
                || !subscriptionIdentifiers.equals(that.subscriptionIdentifiers)
                || !userProperties.equals(that.userProperties)) {
            return false;
        }
        for (Map.Entry<PropertyId, Object> entry : values.entrySet()) {
            if (!Objects.deepEquals(entry.getValue(), that.values.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(subscriptionIdentifiers, userProperties);
        for (Map.Entry<PropertyId, Object> entry : values.entrySet()) {
            Object value = entry.getValue();
            hash = 31 * hash + entry.getKey().hashCode()
                    ^ (value instanceof byte[] bytes ? Arrays.hashCode(bytes) : value.hashCode());
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        values.forEach((id, value) -> text.append(id).append('=')
                .append(value instanceof byte[] bytes ? bytes.length + " bytes" : value).append(", "));
        if (!subscriptionIdentifiers.isEmpty()) {
            text.append("SUBSCRIPTION_IDENTIFIER=").append(subscriptionIdentifiers).append(", ");
        }
        if (!userProperties.isEmpty()) {
            text.append("USER_PROPERTY=").append(userProperties).append(", ");
        }
        if (text.length() > 1) {
            text.setLength(text.length() - 2);
        }
        return text.append('}').toString();
    }

    /** Collects properties; {@link #put} replaces an earlier value of the same single-valued id. */
    public static final class Builder {
        private final EnumMap<PropertyId, Object> values = new EnumMap<>(PropertyId.class);
        private final List<Integer> subscriptionIdentifiers = new ArrayList<>();
        private final List<UserProperty> userProperties = new ArrayList<>();

        private Builder() {
        }

        /** Sets a single-valued property; the value's Java type must match {@link PropertyId#type()}. */
        public Builder put(PropertyId id, Object value) {
            Objects.requireNonNull(value, "value");
            switch (id) {
                case SUBSCRIPTION_IDENTIFIER -> subscriptionIdentifiers.add((Integer) value);
                case USER_PROPERTY -> userProperties.add((UserProperty) value);
                default -> {
                    Class<?> expected = switch (id.type()) {
                        case BYTE, TWO_BYTE_INTEGER, VARIABLE_BYTE_INTEGER -> Integer.class;
                        case FOUR_BYTE_INTEGER -> Long.class;
                        case UTF8_STRING -> String.class;
                        case BINARY -> byte[].class;
                        case UTF8_STRING_PAIR -> UserProperty.class;
                    };
                    if (!expected.isInstance(value)) {
                        throw new IllegalArgumentException(id + " takes a " + expected.getSimpleName());
                    }
                    values.put(id, value instanceof byte[] bytes ? bytes.clone() : value);
                }
            }
            return this;
        }

        public Builder remove(PropertyId id) {
            switch (id) {
                case SUBSCRIPTION_IDENTIFIER -> subscriptionIdentifiers.clear();
                case USER_PROPERTY -> userProperties.clear();
                default -> values.remove(id);
            }
            return this;
        }

        public Builder subscriptionIdentifier(int identifier) {
            subscriptionIdentifiers.add(identifier);
            return this;
        }

        public Builder userProperty(String name, String value) {
            userProperties.add(new UserProperty(name, value));
            return this;
        }

        public MqttProperties build() {
            if (values.isEmpty() && subscriptionIdentifiers.isEmpty() && userProperties.isEmpty()) {
                return EMPTY;
            }
            return new MqttProperties(new EnumMap<>(values), List.copyOf(subscriptionIdentifiers),
                    List.copyOf(userProperties));
        }
    }
}
