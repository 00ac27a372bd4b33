package io.weft.core.codec;

import java.util.Objects;

/**
 * Turns one packet (fixed header byte and body) into its record. A pure function: it keeps no state and
 * copies whatever it keeps out of {@code body}, so the caller may reuse the array. Any input that breaks
 * the protocol raises {@link MalformedPacketException} with the reason code the spec prescribes; no
 * other exception escapes for bad bytes.
 */
public final class PacketDecoder {

    private PacketDecoder() {
    }

    /**
     * Decodes the packet whose fixed header byte is {@code fixedHeaderByte} and whose remaining length is
     * {@code length} bytes of {@code body} from {@code offset}. {@code version} is the revision agreed at
     * CONNECT, or null before it: then only CONNECT is accepted [MQTT-3.1.0-1] and it decides the version.
     */
    public static MqttPacket decode(int fixedHeaderByte, byte[] body, int offset, int length, ProtocolVersion version)
            throws MalformedPacketException {
        Objects.checkFromIndexSize(offset, length, body.length);
        PacketType type = checkFixedHeader(fixedHeaderByte, version);
        ByteReader reader = new ByteReader(body, offset, length, type);
        MqttPacket packet = switch (type) {
            case CONNECT -> ConnectCodec.decodeConnect(reader);
            case CONNACK -> ConnectCodec.decodeConnAck(reader, version);
            case PUBLISH -> PublishCodec.decode(fixedHeaderByte, reader, version);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> AcknowledgementCodec.decode(reader, version);
            case SUBSCRIBE -> SubscriptionCodec.decodeSubscribe(reader, version);
            case SUBACK -> SubscriptionCodec.decodeSubAck(reader, version);
            case UNSUBSCRIBE -> SubscriptionCodec.decodeUnsubscribe(reader, version);
            case UNSUBACK -> SubscriptionCodec.decodeUnsubAck(reader, version);
            case PINGREQ -> ControlCodec.PING_REQUEST;
            case PINGRESP -> ControlCodec.PING_RESPONSE;
            case DISCONNECT -> ControlCodec.decodeDisconnect(reader, version);
            case AUTH -> ControlCodec.decodeAuth(reader);
        };
        reader.requireEnd();
        return packet;
    }

    /**
     * Checks what the first byte alone can tell, so that {@link PacketReader} fails before it reads a
     * body: the packet type, that the first packet is CONNECT, and the flag bits [MQTT-2.1.3-1].
     */
    static PacketType checkFixedHeader(int fixedHeaderByte, ProtocolVersion version) throws MalformedPacketException {
        PacketType type = PacketType.of(fixedHeaderByte >>> 4);
        if (type == null) {
            throw new MalformedPacketException(ReasonCode.MALFORMED_PACKET, "Reserved packet type 0 in fixed header");
        }
        if (version == null && type != PacketType.CONNECT) {
            // [MQTT-3.1.0-1] the first packet from the client must be CONNECT
            throw new MalformedPacketException(ReasonCode.PROTOCOL_ERROR,
                    "First packet must be CONNECT, found " + type);
        }
        if (type == PacketType.AUTH && version != ProtocolVersion.MQTT_5) {
            throw new MalformedPacketException(ReasonCode.MALFORMED_PACKET,
                    "AUTH is a reserved packet type in " + version);
        }
        int flags = fixedHeaderByte & 0x0F;
        if (type == PacketType.PUBLISH) {
            checkPublishFlags(flags);
            return type;
        }
        // [MQTT-2.1.3-1] PUBREL, SUBSCRIBE and UNSUBSCRIBE carry 0b0010, the other packets 0
        int expected = switch (type) {
            case PUBREL, SUBSCRIBE, UNSUBSCRIBE -> 0b0010;
            default -> 0;
        };
        for (int bit = 3; bit >= 0; bit--) {
            int found = flags >>> bit & 1;
            int must = expected >>> bit & 1;
            if (found != must) {
                throw new MalformedPacketException(ReasonCode.MALFORMED_PACKET, "Illegal bit " + bit
                        + " in fixed header of " + type + ": must be " + must + ", found " + found);
            }
        }
        return type;
    }

    private static void checkPublishFlags(int flags) throws MalformedPacketException {
        int qos = flags >>> 1 & 0b11;
        if (qos == 3) {
            // [MQTT-3.3.1-4] both QoS bits set
            throw new MalformedPacketException(ReasonCode.MALFORMED_PACKET, "Illegal QoS 3 in fixed header of PUBLISH");
        }
        if (qos == 0 && (flags & 0b1000) != 0) {
            // [MQTT-3.3.1-2] DUP must be 0 for QoS 0
            throw new MalformedPacketException(ReasonCode.MALFORMED_PACKET,
                    "Illegal bit 3 (DUP) in fixed header of PUBLISH with QoS 0: must be 0, found 1");
        }
    }
}
