package io.weft.core.codec;

import io.weft.core.codec.MqttPacket.Auth;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.PingReq;
import io.weft.core.codec.MqttPacket.PingResp;

/**
 * PINGREQ, PINGRESP, DISCONNECT and AUTH (spec 3.12-3.15). The pings have no body; DISCONNECT and AUTH
 * have none in 3.x, and in 5.0 leave out reason code and properties when they are success and none.
 */
final class ControlCodec {

    static final PingReq PING_REQUEST = new PingReq();
    static final PingResp PING_RESPONSE = new PingResp();

    /** DISCONNECT reason codes (spec 3.14.2.1). */
    private static final boolean[] DISCONNECT_REASON_CODES = ByteReader.allowed(0x00, 0x04, 0x80, 0x81, 0x82, 0x83,
            0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C,
            0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2);
    /** AUTH reason codes (spec 3.15.2.1). */
    private static final boolean[] AUTH_REASON_CODES = ByteReader.allowed(0x00, 0x18, 0x19);

    private ControlCodec() {
    }

    static Disconnect decodeDisconnect(ByteReader reader, ProtocolVersion version) throws MalformedPacketException {
        if (!version.isMqtt5() || !reader.hasRemaining()) {
            return new Disconnect(ReasonCode.NORMAL_DISCONNECTION, MqttProperties.EMPTY);
        }
        ReasonCode reasonCode = reader.readReasonCode(DISCONNECT_REASON_CODES);
        // 5.0 spec 3.14.2.2.1: with a remaining length below 2 the property length is 0
        MqttProperties properties = reader.hasRemaining()
                ? PropertiesCodec.decode(reader, PropertiesCodec.Block.DISCONNECT) : MqttProperties.EMPTY;
        return new Disconnect(reasonCode, properties);
    }

    /** AUTH has only the empty short form [MQTT-3.15.2-1]; after a reason code the property length follows. */
    static Auth decodeAuth(ByteReader reader) throws MalformedPacketException {
        if (!reader.hasRemaining()) {
            return new Auth(ReasonCode.SUCCESS, MqttProperties.EMPTY);
        }
        ReasonCode reasonCode = reader.readReasonCode(AUTH_REASON_CODES);
        return new Auth(reasonCode, PropertiesCodec.decode(reader, PropertiesCodec.Block.AUTH));
    }

    static int disconnectBodySize(Disconnect disconnect, ProtocolVersion version) {
        ReasonCode reasonCode = Packets.reasonCode(disconnect.reasonCode());
        MqttProperties properties = Packets.properties(disconnect.properties());
        if (!version.isMqtt5() || reasonCode.equals(ReasonCode.SUCCESS) && properties.isEmpty()) {
            return 0;
        }
        return properties.isEmpty() ? 1 : 1 + PropertiesCodec.blockSize(properties);
    }

    static void encodeDisconnect(Disconnect disconnect, ProtocolVersion version, WriteBuffer out) {
        int size = disconnectBodySize(disconnect, version);
        if (size > 0) {
            out.writeByte(Packets.reasonCode(disconnect.reasonCode()).value());
        }
        if (size > 1) {
            PropertiesCodec.encode(Packets.properties(disconnect.properties()), out);
        }
    }

    static int authBodySize(Auth auth) {
        ReasonCode reasonCode = Packets.reasonCode(auth.reasonCode());
        MqttProperties properties = Packets.properties(auth.properties());
        if (reasonCode.equals(ReasonCode.SUCCESS) && properties.isEmpty()) {
            return 0;
        }
        return 1 + PropertiesCodec.blockSize(properties);
    }

    static void encodeAuth(Auth auth, WriteBuffer out) {
        if (authBodySize(auth) > 0) {
            out.writeByte(Packets.reasonCode(auth.reasonCode()).value());
            PropertiesCodec.encode(Packets.properties(auth.properties()), out);
        }
    }
}
