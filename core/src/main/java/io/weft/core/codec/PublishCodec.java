package io.weft.core.codec;

import io.weft.core.codec.MqttPacket.Publish;

/** PUBLISH for all three revisions (spec 3.3). The fixed header flags are checked by {@link PacketDecoder}. */
final class PublishCodec {

    private PublishCodec() {
    }

    static Publish decode(int fixedHeaderByte, ByteReader reader, ProtocolVersion version)
            throws MalformedPacketException {
        boolean dup = (fixedHeaderByte & 0b1000) != 0;
        QoS qos = QoS.of(fixedHeaderByte >>> 1 & 0b11);
        boolean retain = (fixedHeaderByte & 0b0001) != 0;
        String topic = reader.readUtf8("topic name");
        int packetId = qos == QoS.AT_MOST_ONCE ? 0 : reader.readPacketId(); // [MQTT-2.2.1-3]
        MqttProperties properties = version.isMqtt5()
                ? PropertiesCodec.decode(reader, PropertiesCodec.Block.PUBLISH) : MqttProperties.EMPTY;
        if (topic.isEmpty()) {
            if (!version.isMqtt5()) {
                // [MQTT-4.7.3-1] a topic name is at least one character long
                throw reader.fail(ReasonCode.MALFORMED_PACKET, "Empty topic name in PUBLISH");
            }
            if (!properties.contains(PropertyId.TOPIC_ALIAS)) {
                // 5.0 spec 3.3.2.1: an empty topic name needs a topic alias
                throw reader.fail(ReasonCode.PROTOCOL_ERROR, "Empty topic name in PUBLISH without a topic alias");
            }
        } else if (!TopicValidation.isValidTopicName(topic)) {
            // [MQTT-3.3.2-2] no wildcards in a topic name
            throw reader.fail(ReasonCode.TOPIC_NAME_INVALID, "Wildcard in PUBLISH topic name '" + topic + "'");
        }
        byte[] payload = reader.readBytes(reader.remaining(), "payload");
        return new Publish(dup, qos, retain, topic, packetId, properties, payload);
    }

    static int fixedHeaderByte(Publish publish) {
        return PacketType.PUBLISH.value() << 4 | (publish.dup() ? 0b1000 : 0) | publish.qos().value() << 1
                | (publish.retain() ? 1 : 0);
    }

    static int bodySize(Publish publish, ProtocolVersion version) {
        return bodySize(publish, version, Utf8.encodedLength(publish.topic()));
    }

    /** With the topic's UTF-8 length already known. */
    static int bodySize(Publish publish, ProtocolVersion version, int topicLength) {
        int size = 2 + topicLength;
        if (publish.qos() != QoS.AT_MOST_ONCE) {
            size += 2;
        }
        if (version.isMqtt5()) {
            size += PropertiesCodec.blockSize(publish.properties());
        }
        return size + publish.payload().length;
    }

    static void encode(Publish publish, ProtocolVersion version, WriteBuffer out) {
        out.writeUtf8(publish.topic());
        if (publish.qos() != QoS.AT_MOST_ONCE) {
            if (publish.packetId() < 1 || publish.packetId() > 0xFFFF) {
                throw new IllegalArgumentException("PUBLISH with " + publish.qos() + " needs a packet identifier"
                        + " in 1..65535, found " + publish.packetId());
            }
            out.writeShort(publish.packetId());
        }
        if (version.isMqtt5()) {
            PropertiesCodec.encode(publish.properties(), out);
        }
        out.writeBytes(publish.payload());
    }
}
