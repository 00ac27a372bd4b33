package io.weft.core.codec;

import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Will;

/** CONNECT and CONNACK for all three revisions (spec 3.1, 3.2). */
final class ConnectCodec {

    private static final int CLEAN_START = 0x02;
    private static final int WILL_FLAG = 0x04;
    private static final int WILL_RETAIN = 0x20;
    private static final int PASSWORD_FLAG = 0x40;
    private static final int USERNAME_FLAG = 0x80;

    /** CONNACK reason codes of 5.0 (spec 3.2.2.2). */
    private static final boolean[] CONNACK_REASON_CODES = ByteReader.allowed(0x00, 0x80, 0x81, 0x82, 0x83, 0x84,
            0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F);

    /** 3.x CONNACK return codes 0..5 as reason codes (spec 3.1.1 table 3.1). */
    private static final int[] RETURN_CODE_REASONS = {0x00, 0x84, 0x85, 0x88, 0x86, 0x87};

    private ConnectCodec() {
    }

    static Connect decodeConnect(ByteReader reader) throws MalformedPacketException {
        String protocolName = reader.readUtf8("protocol name");
        int level = reader.readByte("protocol level");
        ProtocolVersion version = version(protocolName, level);
        try {
            return decodeConnect(reader, version);
        } catch (MalformedPacketException e) {
            // A 5.0 server answers a bad CONNECT with a CONNACK carrying the reason code; 3.x just closes.
            if (version.isMqtt5() && e.replyVersion() == null) {
                throw new MalformedPacketException(e.reasonCode(), e.getMessage(), version);
            }
            throw e;
        }
    }

    private static ProtocolVersion version(String protocolName, int level) throws MalformedPacketException {
        for (ProtocolVersion version : ProtocolVersion.values()) {
            if (version.protocolName().equals(protocolName) && version.level() == level) {
                return version;
            }
        }
        if (!protocolName.equals("MQTT") && !protocolName.equals("MQIsdp")) {
            // [MQTT-3.1.2-1] an unknown protocol name: close without CONNACK
            throw new MalformedPacketException(ReasonCode.PROTOCOL_ERROR,
                    "Unknown protocol name '" + protocolName + "' in CONNECT");
        }
        // [MQTT-3.1.2-2] answered with CONNACK 0x01 (3.x format) or 0x84 (5.0 format), then closed
        ProtocolVersion reply = level >= 5 ? ProtocolVersion.MQTT_5 : ProtocolVersion.MQTT_3_1_1;
        throw new MalformedPacketException(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
                "Unsupported protocol level " + level + " for protocol name '" + protocolName + "' in CONNECT", reply);
    }

    private static Connect decodeConnect(ByteReader reader, ProtocolVersion version) throws MalformedPacketException {
        int flags = reader.readByte("connect flags");
        if ((flags & 0x01) != 0) {
            // [MQTT-3.1.2-3]
            throw reader.fail(ReasonCode.MALFORMED_PACKET, "Reserved bit 0 of the CONNECT flags must be 0");
        }
        boolean willFlag = (flags & WILL_FLAG) != 0;
        int willQos = flags >>> 3 & 0b11;
        boolean willRetain = (flags & WILL_RETAIN) != 0;
        if (!willFlag && willQos != 0) {
            // [MQTT-3.1.2-11]
            throw reader.fail(ReasonCode.MALFORMED_PACKET,
                    "Will QoS must be 0 without the will flag, found " + willQos);
        }
        if (!willFlag && willRetain) {
            // [MQTT-3.1.2-13]
            throw reader.fail(ReasonCode.MALFORMED_PACKET, "Will retain must be 0 without the will flag");
        }
        if (willQos == 3) {
            // [MQTT-3.1.2-12]
            throw reader.fail(ReasonCode.MALFORMED_PACKET, "Illegal will QoS 3 in CONNECT flags");
        }
        boolean usernameFlag = (flags & USERNAME_FLAG) != 0;
        boolean passwordFlag = (flags & PASSWORD_FLAG) != 0;
        if (passwordFlag && !usernameFlag && !version.isMqtt5()) {
            // [MQTT-3.1.2-22] 3.1.1 (and 3.1) need a user name for a password; 5.0 dropped that rule
            throw reader.fail(ReasonCode.MALFORMED_PACKET, "Password flag set without user name flag in " + version);
        }
        int keepAlive = reader.readShort("keep alive");
        MqttProperties properties = version.isMqtt5()
                ? PropertiesCodec.decode(reader, PropertiesCodec.Block.CONNECT) : MqttProperties.EMPTY;
        // Returned as sent: the protocol layer applies the client id rules of each revision. For 3.1 ids
        // longer than the 23 characters its spec allows are accepted, as mosquitto does.
        String clientId = reader.readUtf8("client identifier");
        Will will = willFlag ? decodeWill(reader, version, QoS.of(willQos), willRetain) : null;
        // Some 3.1 clients set the user name or password flag without sending the field; like mosquitto,
        // treat a field missing at the very end of a 3.1 CONNECT as absent.
        boolean lenient = version == ProtocolVersion.MQTT_3_1;
        String username = usernameFlag && !(lenient && !reader.hasRemaining()) ? reader.readUtf8("user name") : null;
        byte[] password = passwordFlag && !(lenient && !reader.hasRemaining()) ? reader.readBinary("password") : null;
        return new Connect(version, clientId, (flags & CLEAN_START) != 0, keepAlive, will, username, password,
                properties);
    }

    private static Will decodeWill(ByteReader reader, ProtocolVersion version, QoS qos, boolean retain)
            throws MalformedPacketException {
        MqttProperties properties = version.isMqtt5()
                ? PropertiesCodec.decode(reader, PropertiesCodec.Block.WILL) : MqttProperties.EMPTY;
        String topic = reader.readUtf8("will topic");
        if (!TopicValidation.isValidTopicName(topic)) {
            // [MQTT-3.1.3-11] the will topic is a topic name: not empty, no wildcards [MQTT-4.7.3-1]
            throw reader.fail(ReasonCode.TOPIC_NAME_INVALID, "Invalid will topic '" + topic + "' in CONNECT");
        }
        byte[] payload = reader.readBinary("will payload");
        return new Will(topic, payload, qos, retain, properties);
    }

    static ConnAck decodeConnAck(ByteReader reader, ProtocolVersion version) throws MalformedPacketException {
        int flags = reader.readByte("acknowledge flags");
        if (version != ProtocolVersion.MQTT_3_1 && (flags & 0xFE) != 0) {
            // [MQTT-3.2.2-1] bits 7-1 are reserved (3.1 has an unused byte here)
            throw reader.fail(ReasonCode.MALFORMED_PACKET, "Reserved bits 7-1 of the CONNACK flags must be 0");
        }
        boolean sessionPresent = version != ProtocolVersion.MQTT_3_1 && (flags & 0x01) != 0;
        ReasonCode reasonCode;
        MqttProperties properties = MqttProperties.EMPTY;
        if (version.isMqtt5()) {
            reasonCode = reader.readReasonCode(CONNACK_REASON_CODES);
            properties = PropertiesCodec.decode(reader, PropertiesCodec.Block.CONNACK);
        } else {
            int returnCode = reader.readByte("return code");
            if (returnCode >= RETURN_CODE_REASONS.length) {
                throw reader.fail(ReasonCode.MALFORMED_PACKET, "Unknown CONNACK return code " + returnCode);
            }
            reasonCode = ByteReader.reasonCode(RETURN_CODE_REASONS[returnCode]);
        }
        if (sessionPresent && reasonCode.isError()) {
            // [MQTT-3.2.2-4] (3.1.1), [MQTT-3.2.2-6] (5.0): a refusal never has a session
            throw reader.fail(ReasonCode.PROTOCOL_ERROR, "CONNACK with reason code " + reasonCode
                    + " must not set session present");
        }
        return new ConnAck(sessionPresent, reasonCode, properties);
    }

    static int connectBodySize(Connect connect) {
        ProtocolVersion version = connect.version();
        int size = 2 + Utf8.encodedLength(version.protocolName()) + 1 + 1 + 2;
        if (version.isMqtt5()) {
            size += PropertiesCodec.blockSize(connect.properties());
        }
        size += 2 + Utf8.encodedLength(connect.clientId());
        Will will = connect.will();
        if (will != null) {
            if (version.isMqtt5()) {
                size += PropertiesCodec.blockSize(will.properties());
            }
            size += 2 + Utf8.encodedLength(will.topic()) + 2 + will.payload().length;
        }
        if (connect.username() != null) {
            size += 2 + Utf8.encodedLength(connect.username());
        }
        if (connect.password() != null) {
            size += 2 + connect.password().length;
        }
        return size;
    }

    static void encodeConnect(Connect connect, WriteBuffer out) {
        ProtocolVersion version = connect.version();
        Will will = connect.will();
        out.writeUtf8(version.protocolName());
        out.writeByte(version.level());
        int flags = (connect.cleanStart() ? CLEAN_START : 0)
                | (connect.username() != null ? USERNAME_FLAG : 0)
                | (connect.password() != null ? PASSWORD_FLAG : 0);
        if (will != null) {
            flags |= WILL_FLAG | will.qos().value() << 3 | (will.retain() ? WILL_RETAIN : 0);
        }
        out.writeByte(flags);
        out.writeShort(connect.keepAliveSeconds());
        if (version.isMqtt5()) {
            PropertiesCodec.encode(connect.properties(), out);
        }
        out.writeUtf8(connect.clientId());
        if (will != null) {
            if (version.isMqtt5()) {
                PropertiesCodec.encode(will.properties(), out);
            }
            out.writeUtf8(will.topic());
            out.writeBinary(will.payload());
        }
        if (connect.username() != null) {
            out.writeUtf8(connect.username());
        }
        if (connect.password() != null) {
            out.writeBinary(connect.password());
        }
    }

    static int connAckBodySize(ConnAck connAck, ProtocolVersion version) {
        return version.isMqtt5() ? 2 + PropertiesCodec.blockSize(Packets.properties(connAck.properties())) : 2;
    }

    static void encodeConnAck(ConnAck connAck, ProtocolVersion version, WriteBuffer out) {
        ReasonCode reasonCode = Packets.reasonCode(connAck.reasonCode());
        // 3.1 has no session present flag; a refusal never has a session [MQTT-3.2.2-4], [MQTT-3.2.2-6]
        boolean sessionPresent = connAck.sessionPresent() && !reasonCode.isError();
        out.writeByte(sessionPresent && version != ProtocolVersion.MQTT_3_1 ? 0x01 : 0x00);
        if (version.isMqtt5()) {
            out.writeByte(reasonCode.value());
            PropertiesCodec.encode(Packets.properties(connAck.properties()), out);
        } else {
            out.writeByte(returnCode(reasonCode));
        }
    }

    /** The 3.x return code for a reason code; failures without a 3.x equivalent become 3 (server unavailable). */
    static int returnCode(ReasonCode reasonCode) {
        return switch (reasonCode.value()) {
            case 0x00 -> 0;
            case 0x84 -> 1;
            case 0x85 -> 2;
            case 0x86 -> 4;
            case 0x87 -> 5;
            default -> 3;
        };
    }
}
