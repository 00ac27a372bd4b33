package io.weft.core.net;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.Auth;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubComp;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.PubRel;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.UnsubAck;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PacketEncoder;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;

import java.util.HashMap;

/**
 * Owned by the connection's writer thread (one at a time, see PacketWriter), which encodes packets in the
 * order they go on the wire: what an MQTT 5 client asked for in its CONNECT about the packets it receives.
 * <ul>
 * <li>Topic aliases: the first PUBLISH to a topic carries the topic and a new alias, later ones the alias and
 * an empty topic (5.0 section 3.3.2.3.4). The table lives and dies with this object, so with the connection
 * [MQTT-3.3.2-7]; once full, further topics go out in full (no replacement).</li>
 * <li>Request Problem Information = 0: no Reason String or User Property on packets other than PUBLISH,
 * CONNACK and DISCONNECT [MQTT-3.1.2-29].</li>
 * </ul>
 * Packets are rewritten as copies: the session keeps its own PUBLISH for redelivery on a later connection.
 */
final class OutboundRules {

    private final int aliasMaximum;
    private final boolean problemInformation;
    private final long maximumPacketSize;
    /** Topic to alias; created with the first aliased PUBLISH. */
    private HashMap<String, Integer> aliases;

    /**
     * @param aliasMaximum       aliases the broker may assign, 0 for none (min of the client's Topic Alias
     *                           Maximum and the broker's setting)
     * @param problemInformation the client's Request Problem Information (true when absent)
     * @param maximumPacketSize  the client's Maximum Packet Size, {@code Long.MAX_VALUE} when absent
     */
    OutboundRules(int aliasMaximum, boolean problemInformation, long maximumPacketSize) {
        this.aliasMaximum = aliasMaximum;
        this.problemInformation = problemInformation;
        this.maximumPacketSize = maximumPacketSize;
    }

    /** True when these rules would change nothing (the writer then keeps none). */
    boolean isEmpty() {
        return aliasMaximum == 0 && problemInformation;
    }

    MqttPacket apply(MqttPacket packet, ProtocolVersion version) {
        if (packet instanceof Publish publish) {
            return aliasMaximum == 0 ? publish : alias(publish, version);
        }
        if (problemInformation) {
            return packet;
        }
        return switch (packet) {
            case PubAck ack when hasProblemInformation(ack.properties()) ->
                    new PubAck(ack.packetId(), ack.reasonCode(), withoutProblemInformation(ack.properties()));
            case PubRec rec when hasProblemInformation(rec.properties()) ->
                    new PubRec(rec.packetId(), rec.reasonCode(), withoutProblemInformation(rec.properties()));
            case PubRel rel when hasProblemInformation(rel.properties()) ->
                    new PubRel(rel.packetId(), rel.reasonCode(), withoutProblemInformation(rel.properties()));
            case PubComp comp when hasProblemInformation(comp.properties()) ->
                    new PubComp(comp.packetId(), comp.reasonCode(), withoutProblemInformation(comp.properties()));
            case SubAck ack when hasProblemInformation(ack.properties()) ->
                    new SubAck(ack.packetId(), ack.reasonCodes(), withoutProblemInformation(ack.properties()));
            case UnsubAck ack when hasProblemInformation(ack.properties()) ->
                    new UnsubAck(ack.packetId(), ack.reasonCodes(), withoutProblemInformation(ack.properties()));
            case Auth auth when hasProblemInformation(auth.properties()) ->
                    new Auth(auth.reasonCode(), withoutProblemInformation(auth.properties()));
            default -> packet;
        };
    }

    private Publish alias(Publish publish, ProtocolVersion version) {
        String topic = publish.topic();
        if (aliases == null) {
            aliases = new HashMap<>();
        }
        Integer known = aliases.get(topic);
        Publish aliased;
        if (known != null) {
            aliased = withAlias(publish, "", known);
        } else if (aliases.size() < aliasMaximum) {
            aliased = withAlias(publish, topic, aliases.size() + 1);
        } else {
            return publish;
        }
        if (maximumPacketSize != Long.MAX_VALUE && PacketEncoder.encodedSize(aliased, version) > maximumPacketSize) {
            return publish; // the alias property would push it over the client's limit [MQTT-3.1.2-24]
        }
        if (known == null) {
            aliases.put(topic, aliases.size() + 1);
        }
        return aliased;
    }

    private static Publish withAlias(Publish publish, String topic, int alias) {
        MqttProperties properties = publish.properties().toBuilder().put(PropertyId.TOPIC_ALIAS, alias).build();
        return new Publish(publish.dup(), publish.qos(), publish.retain(), topic, publish.packetId(), properties,
                publish.payload());
    }

    private static boolean hasProblemInformation(MqttProperties properties) {
        return properties.contains(PropertyId.REASON_STRING) || !properties.userProperties().isEmpty();
    }

    private static MqttProperties withoutProblemInformation(MqttProperties properties) {
        return properties.toBuilder().remove(PropertyId.REASON_STRING).remove(PropertyId.USER_PROPERTY).build();
    }
}
