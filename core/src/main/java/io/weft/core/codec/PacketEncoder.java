package io.weft.core.codec;

import io.weft.core.codec.MqttPacket.Auth;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.PingReq;
import io.weft.core.codec.MqttPacket.PingResp;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubComp;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.PubRel;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.UnsubAck;
import io.weft.core.codec.MqttPacket.Unsubscribe;
import java.util.Objects;

/**
 * Writes packet records in the wire format of a protocol revision. For 3.x, properties and reason codes
 * the revision cannot carry are left out (CONNACK and SUBACK map them to 3.x return codes); for 5.0 the
 * short forms are used where the spec allows them. A CONNECT is always written in its own version.
 * Records that cannot be encoded (AUTH in 3.x, a packet identifier of 0, a string over 65535 bytes)
 * are programming errors and raise {@link IllegalArgumentException}.
 */
public final class PacketEncoder {

    private PacketEncoder() {
    }

    /** Appends the whole packet, fixed header and body, to {@code out}. */
    public static void encode(MqttPacket packet, ProtocolVersion version, WriteBuffer out) {
        ProtocolVersion revision = revision(packet, version);
        // A PUBLISH's topic is measured in the buffer, which keeps its characters for the encoding that follows.
        int bodySize = packet instanceof Publish publish
                ? PublishCodec.bodySize(publish, revision, out.utf8Length(publish.topic()))
                : bodySize(packet, revision);
        out.writeByte(fixedHeaderByte(packet));
        out.writeVariableByteInteger(bodySize);
        int start = out.size();
        switch (packet) {
            case Connect connect -> ConnectCodec.encodeConnect(connect, out);
            case ConnAck connAck -> ConnectCodec.encodeConnAck(connAck, revision, out);
            case Publish publish -> PublishCodec.encode(publish, revision, out);
            case PubAck ack -> AcknowledgementCodec.encode(ack.packetId(), ack.reasonCode(), ack.properties(),
                    revision, out);
            case PubRec ack -> AcknowledgementCodec.encode(ack.packetId(), ack.reasonCode(), ack.properties(),
                    revision, out);
            case PubRel ack -> AcknowledgementCodec.encode(ack.packetId(), ack.reasonCode(), ack.properties(),
                    revision, out);
            case PubComp ack -> AcknowledgementCodec.encode(ack.packetId(), ack.reasonCode(), ack.properties(),
                    revision, out);
            case Subscribe subscribe -> SubscriptionCodec.encodeSubscribe(subscribe, revision, out);
            case SubAck subAck -> SubscriptionCodec.encodeSubAck(subAck, revision, out);
            case Unsubscribe unsubscribe -> SubscriptionCodec.encodeUnsubscribe(unsubscribe, revision, out);
            case UnsubAck unsubAck -> SubscriptionCodec.encodeUnsubAck(unsubAck, revision, out);
            case PingReq ping -> { }
            case PingResp ping -> { }
            case Disconnect disconnect -> ControlCodec.encodeDisconnect(disconnect, revision, out);
            case Auth auth -> ControlCodec.encodeAuth(auth, out);
        }
        if (out.size() - start != bodySize) {
            throw new IllegalStateException(packet.type() + " body took " + (out.size() - start)
                    + " bytes, computed " + bodySize);
        }
    }

    /** The number of bytes {@link #encode} writes for this packet: the whole packet size of spec 3.1.2.11.4. */
    public static int encodedSize(MqttPacket packet, ProtocolVersion version) {
        int bodySize = bodySize(packet, revision(packet, version));
        return 1 + VariableByteInteger.size(bodySize) + bodySize;
    }

    private static ProtocolVersion revision(MqttPacket packet, ProtocolVersion version) {
        if (packet instanceof Connect connect) {
            return connect.version();
        }
        Objects.requireNonNull(version, "version");
        if (packet instanceof Auth && !version.isMqtt5()) {
            throw new IllegalArgumentException("AUTH does not exist in " + version);
        }
        return version;
    }

    private static int fixedHeaderByte(MqttPacket packet) {
        int typeBits = packet.type().value() << 4;
        return switch (packet) {
            case Publish publish -> PublishCodec.fixedHeaderByte(publish);
            case PubRel ignored -> typeBits | 0b0010; // [MQTT-3.6.1-1]
            case Subscribe ignored -> typeBits | 0b0010; // [MQTT-3.8.1-1]
            case Unsubscribe ignored -> typeBits | 0b0010; // [MQTT-3.10.1-1]
            default -> typeBits;
        };
    }

    private static int bodySize(MqttPacket packet, ProtocolVersion version) {
        int size = switch (packet) {
            case Connect connect -> ConnectCodec.connectBodySize(connect);
            case ConnAck connAck -> ConnectCodec.connAckBodySize(connAck, version);
            case Publish publish -> PublishCodec.bodySize(publish, version);
            case PubAck ack -> AcknowledgementCodec.bodySize(ack.packetId(), ack.reasonCode(), ack.properties(),
                    version);
            case PubRec ack -> AcknowledgementCodec.bodySize(ack.packetId(), ack.reasonCode(), ack.properties(),
                    version);
            case PubRel ack -> AcknowledgementCodec.bodySize(ack.packetId(), ack.reasonCode(), ack.properties(),
                    version);
            case PubComp ack -> AcknowledgementCodec.bodySize(ack.packetId(), ack.reasonCode(), ack.properties(),
                    version);
            case Subscribe subscribe -> SubscriptionCodec.subscribeBodySize(subscribe, version);
            case SubAck subAck -> SubscriptionCodec.subAckBodySize(subAck, version);
            case Unsubscribe unsubscribe -> SubscriptionCodec.unsubscribeBodySize(unsubscribe, version);
            case UnsubAck unsubAck -> SubscriptionCodec.unsubAckBodySize(unsubAck, version);
            case PingReq ping -> 0;
            case PingResp ping -> 0;
            case Disconnect disconnect -> ControlCodec.disconnectBodySize(disconnect, version);
            case Auth auth -> ControlCodec.authBodySize(auth);
        };
        if (size > VariableByteInteger.MAXIMUM) {
            throw new IllegalArgumentException(packet.type() + " too large for MQTT: " + size + " bytes of body");
        }
        return size;
    }
}
