package io.weft.core.codec;

import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttPacket.UnsubAck;
import io.weft.core.codec.MqttPacket.Unsubscribe;
import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK (spec 3.8-3.11). Topic filter syntax is left to the
 * protocol layer, which answers each bad filter with its own reason code (see {@link TopicValidation}).
 */
final class SubscriptionCodec {

    private static final int NO_LOCAL = 0x04;
    private static final int RETAIN_AS_PUBLISHED = 0x08;
    private static final RetainHandling[] RETAIN_HANDLINGS = RetainHandling.values();

    /** SUBACK reason codes of 5.0 (spec 3.9.3). */
    private static final boolean[] SUBACK_REASON_CODES =
            ByteReader.allowed(0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2);
    /** SUBACK return codes of 3.x (spec 3.1.1 section 3.9.3). */
    private static final boolean[] SUBACK_RETURN_CODES = ByteReader.allowed(0x00, 0x01, 0x02, 0x80);
    /** UNSUBACK reason codes of 5.0 (spec 3.11.3). */
    private static final boolean[] UNSUBACK_REASON_CODES =
            ByteReader.allowed(0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91);

    private SubscriptionCodec() {
    }

    static Subscribe decodeSubscribe(ByteReader reader, ProtocolVersion version) throws MalformedPacketException {
        int packetId = reader.readPacketId(); // [MQTT-2.2.1-3]
        MqttProperties properties = version.isMqtt5()
                ? PropertiesCodec.decode(reader, PropertiesCodec.Block.SUBSCRIBE) : MqttProperties.EMPTY;
        List<Subscription> subscriptions = new ArrayList<>();
        while (reader.hasRemaining()) {
            String filter = reader.readUtf8("topic filter");
            int options = reader.readByte("subscription options");
            subscriptions.add(version.isMqtt5() ? subscription5(reader, filter, options)
                    : subscription3(reader, filter, options));
        }
        if (subscriptions.isEmpty()) {
            // [MQTT-3.8.3-3] at least one topic filter
            throw reader.fail(ReasonCode.PROTOCOL_ERROR, "SUBSCRIBE without a topic filter");
        }
        return new Subscribe(packetId, subscriptions, properties);
    }

    private static Subscription subscription3(ByteReader reader, String filter, int options)
            throws MalformedPacketException {
        // [MQTT-3-8.3-4] (3.1.1) the upper six bits are reserved and QoS 3 does not exist: malformed
        if ((options & 0xFC) != 0) {
            throw reader.fail(ReasonCode.MALFORMED_PACKET, String.format(
                    "Reserved bits of the requested QoS byte for '%s' must be 0, found 0x%02X", filter, options));
        }
        if (options == 3) {
            throw reader.fail(ReasonCode.MALFORMED_PACKET, "Illegal requested QoS 3 for '" + filter + "'");
        }
        return Subscription.of(filter, QoS.of(options));
    }

    private static Subscription subscription5(ByteReader reader, String filter, int options)
            throws MalformedPacketException {
        if ((options & 0xC0) != 0) {
            // [MQTT-3.8.3-5] bits 6 and 7 are reserved
            throw reader.fail(ReasonCode.MALFORMED_PACKET, String.format(
                    "Reserved bits 7-6 of the subscription options for '%s' must be 0, found 0x%02X", filter, options));
        }
        int qos = options & 0b11;
        if (qos == 3) {
            // 5.0 spec 3.8.3.1: "It is a Protocol Error if the Maximum QoS field has the value 3"
            throw reader.fail(ReasonCode.PROTOCOL_ERROR, "Illegal maximum QoS 3 for '" + filter + "'");
        }
        int retainHandling = options >>> 4 & 0b11;
        if (retainHandling == 3) {
            // 5.0 spec 3.8.3.1: "It is a Protocol Error to send a Retain Handling value of 3"
            throw reader.fail(ReasonCode.PROTOCOL_ERROR, "Illegal retain handling 3 for '" + filter + "'");
        }
        boolean noLocal = (options & NO_LOCAL) != 0;
        if (noLocal && TopicValidation.isSharedSubscription(filter)) {
            // [MQTT-3.8.3-4] No Local on a shared subscription is a protocol error
            throw reader.fail(ReasonCode.PROTOCOL_ERROR, "No Local set on shared subscription '" + filter + "'");
        }
        return new Subscription(filter, QoS.of(qos), noLocal, (options & RETAIN_AS_PUBLISHED) != 0,
                RETAIN_HANDLINGS[retainHandling]);
    }

    static SubAck decodeSubAck(ByteReader reader, ProtocolVersion version) throws MalformedPacketException {
        int packetId = reader.readPacketId();
        MqttProperties properties = version.isMqtt5()
                ? PropertiesCodec.decode(reader, PropertiesCodec.Block.ACKNOWLEDGEMENT) : MqttProperties.EMPTY;
        List<ReasonCode> reasonCodes = readReasonCodes(reader,
                version.isMqtt5() ? SUBACK_REASON_CODES : SUBACK_RETURN_CODES);
        return new SubAck(packetId, reasonCodes, properties);
    }

    static Unsubscribe decodeUnsubscribe(ByteReader reader, ProtocolVersion version) throws MalformedPacketException {
        int packetId = reader.readPacketId(); // [MQTT-2.2.1-3]
        MqttProperties properties = version.isMqtt5()
                ? PropertiesCodec.decode(reader, PropertiesCodec.Block.UNSUBSCRIBE) : MqttProperties.EMPTY;
        List<String> filters = new ArrayList<>();
        while (reader.hasRemaining()) {
            filters.add(reader.readUtf8("topic filter"));
        }
        if (filters.isEmpty()) {
            // [MQTT-3.10.3-2] at least one topic filter
            throw reader.fail(ReasonCode.PROTOCOL_ERROR, "UNSUBSCRIBE without a topic filter");
        }
        return new Unsubscribe(packetId, filters, properties);
    }

    static UnsubAck decodeUnsubAck(ByteReader reader, ProtocolVersion version) throws MalformedPacketException {
        int packetId = reader.readPacketId();
        if (!version.isMqtt5()) {
            return new UnsubAck(packetId, List.of(), MqttProperties.EMPTY);
        }
        MqttProperties properties = PropertiesCodec.decode(reader, PropertiesCodec.Block.ACKNOWLEDGEMENT);
        return new UnsubAck(packetId, readReasonCodes(reader, UNSUBACK_REASON_CODES), properties);
    }

    private static List<ReasonCode> readReasonCodes(ByteReader reader, boolean[] allowed)
            throws MalformedPacketException {
        List<ReasonCode> reasonCodes = new ArrayList<>(reader.remaining());
        while (reader.hasRemaining()) {
            reasonCodes.add(reader.readReasonCode(allowed));
        }
        if (reasonCodes.isEmpty()) {
            // [MQTT-3.9.3-1], [MQTT-3.11.3-1] one reason code per topic filter, and there is at least one
            throw reader.fail(ReasonCode.PROTOCOL_ERROR, reader.type() + " without a reason code");
        }
        return reasonCodes;
    }

    static int subscribeBodySize(Subscribe subscribe, ProtocolVersion version) {
        int size = 2 + propertiesSize(subscribe.properties(), version);
        for (Subscription subscription : subscribe.subscriptions()) {
            size += 2 + Utf8.encodedLength(subscription.filter()) + 1;
        }
        return size;
    }

    static void encodeSubscribe(Subscribe subscribe, ProtocolVersion version, WriteBuffer out) {
        Packets.checkPacketId(subscribe.packetId());
        out.writeShort(subscribe.packetId());
        encodeProperties(subscribe.properties(), version, out);
        for (Subscription subscription : subscribe.subscriptions()) {
            out.writeUtf8(subscription.filter());
            int options = subscription.maximumQos().value();
            if (version.isMqtt5()) {
                options |= (subscription.noLocal() ? NO_LOCAL : 0)
                        | (subscription.retainAsPublished() ? RETAIN_AS_PUBLISHED : 0)
                        | subscription.retainHandling().ordinal() << 4;
            }
            out.writeByte(options);
        }
    }

    static int subAckBodySize(SubAck subAck, ProtocolVersion version) {
        return 2 + propertiesSize(subAck.properties(), version) + subAck.reasonCodes().size();
    }

    static void encodeSubAck(SubAck subAck, ProtocolVersion version, WriteBuffer out) {
        Packets.checkPacketId(subAck.packetId());
        out.writeShort(subAck.packetId());
        encodeProperties(subAck.properties(), version, out);
        for (ReasonCode reasonCode : subAck.reasonCodes()) {
            int value = reasonCode.value();
            // 3.x knows granted QoS 0..2 and the failure 0x80 only
            out.writeByte(version.isMqtt5() || value <= 2 ? value : 0x80);
        }
    }

    static int unsubscribeBodySize(Unsubscribe unsubscribe, ProtocolVersion version) {
        int size = 2 + propertiesSize(unsubscribe.properties(), version);
        for (String filter : unsubscribe.filters()) {
            size += 2 + Utf8.encodedLength(filter);
        }
        return size;
    }

    static void encodeUnsubscribe(Unsubscribe unsubscribe, ProtocolVersion version, WriteBuffer out) {
        Packets.checkPacketId(unsubscribe.packetId());
        out.writeShort(unsubscribe.packetId());
        encodeProperties(unsubscribe.properties(), version, out);
        for (String filter : unsubscribe.filters()) {
            out.writeUtf8(filter);
        }
    }

    static int unsubAckBodySize(UnsubAck unsubAck, ProtocolVersion version) {
        return version.isMqtt5() ? 2 + propertiesSize(unsubAck.properties(), version) + unsubAck.reasonCodes().size()
                : 2;
    }

    static void encodeUnsubAck(UnsubAck unsubAck, ProtocolVersion version, WriteBuffer out) {
        Packets.checkPacketId(unsubAck.packetId());
        out.writeShort(unsubAck.packetId());
        if (version.isMqtt5()) {
            encodeProperties(unsubAck.properties(), version, out);
            for (ReasonCode reasonCode : unsubAck.reasonCodes()) {
                out.writeByte(reasonCode.value());
            }
        }
    }

    private static int propertiesSize(MqttProperties properties, ProtocolVersion version) {
        return version.isMqtt5() ? PropertiesCodec.blockSize(Packets.properties(properties)) : 0;
    }

    private static void encodeProperties(MqttProperties properties, ProtocolVersion version, WriteBuffer out) {
        if (version.isMqtt5()) {
            PropertiesCodec.encode(Packets.properties(properties), out);
        }
    }
}
