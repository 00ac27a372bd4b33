package io.weft.core.codec;

import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubComp;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.PubRel;

/**
 * PUBACK, PUBREC, PUBREL and PUBCOMP (spec 3.4-3.7): a packet identifier, and in 5.0 a reason code and
 * properties that may be left out. Remaining length 2 means success without properties, 3 a reason code
 * without properties (spec 3.4.2.1, 3.4.2.2.1).
 */
final class AcknowledgementCodec {

    /** PUBACK and PUBREC reason codes (spec 3.4.2.1, 3.5.2.1). */
    private static final boolean[] PUBLISH_RESULT_CODES =
            ByteReader.allowed(0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99);
    /** PUBREL and PUBCOMP reason codes (spec 3.6.2.1, 3.7.2.1). */
    private static final boolean[] RELEASE_CODES = ByteReader.allowed(0x00, 0x92);

    private AcknowledgementCodec() {
    }

    static MqttPacket decode(ByteReader reader, ProtocolVersion version) throws MalformedPacketException {
        PacketType type = reader.type();
        int packetId = reader.readPacketId(); // [MQTT-2.2.1-3]
        ReasonCode reasonCode = ReasonCode.SUCCESS;
        MqttProperties properties = MqttProperties.EMPTY;
        if (version.isMqtt5() && reader.hasRemaining()) {
            boolean release = type == PacketType.PUBREL || type == PacketType.PUBCOMP;
            reasonCode = reader.readReasonCode(release ? RELEASE_CODES : PUBLISH_RESULT_CODES);
            if (reader.hasRemaining()) {
                properties = PropertiesCodec.decode(reader, PropertiesCodec.Block.ACKNOWLEDGEMENT);
            }
        }
        return switch (type) {
            case PUBACK -> new PubAck(packetId, reasonCode, properties);
            case PUBREC -> new PubRec(packetId, reasonCode, properties);
            case PUBREL -> new PubRel(packetId, reasonCode, properties);
            case PUBCOMP -> new PubComp(packetId, reasonCode, properties);
            default -> throw new IllegalStateException("not an acknowledgement: " + type);
        };
    }

    static int bodySize(int packetId, ReasonCode reasonCode, MqttProperties properties, ProtocolVersion version) {
        ReasonCode code = Packets.reasonCode(reasonCode);
        MqttProperties props = Packets.properties(properties);
        if (!version.isMqtt5() || code.equals(ReasonCode.SUCCESS) && props.isEmpty()) {
            return 2;
        }
        return props.isEmpty() ? 3 : 3 + PropertiesCodec.blockSize(props);
    }

    static void encode(int packetId, ReasonCode reasonCode, MqttProperties properties, ProtocolVersion version,
                       WriteBuffer out) {
        Packets.checkPacketId(packetId);
        out.writeShort(packetId);
        int size = bodySize(packetId, reasonCode, properties, version);
        if (size > 2) {
            out.writeByte(Packets.reasonCode(reasonCode).value());
        }
        if (size > 3) {
            PropertiesCodec.encode(Packets.properties(properties), out);
        }
    }
}
