package io.weft.core.protocol;

import io.weft.core.ProtocolSettings;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.net.Connection;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Owned by the connection's reader thread: what a PUBLISH from the client must respect beyond its syntax
 * (the decoder checked that): topic aliases, the announced Maximum QoS and Retain Available, Receive Maximum,
 * and the Payload Format Indicator. A failed check leaves its reason in {@link #problem()}.
 */
final class PublishChecks {

    /** Why a check failed: the reason code and a reason string for the DISCONNECT and the log. */
    record Problem(ReasonCode reason, String message) {
    }

    private final ProtocolSettings settings;
    private final ProtocolVersion version;
    private final Connection connection;
    private final InboundAliases aliases;
    private Problem problem;

    PublishChecks(ProtocolSettings settings, ProtocolVersion version, Connection connection) {
        this.settings = settings;
        this.version = version;
        this.connection = connection;
        this.aliases = new InboundAliases(settings.topicAliasMaximum());
    }

    /** The last failure, for the caller that got null or false. */
    Problem problem() {
        return problem;
    }

    /**
     * The PUBLISH as it is routed (topic alias resolved and removed), or null when it breaks a rule that ends
     * the connection (see {@link #problem()}).
     */
    Publish accept(Publish publish) {
        MqttProperties properties = publish.properties();
        if (properties.contains(PropertyId.SUBSCRIPTION_IDENTIFIER)) {
            return fail(ReasonCode.PROTOCOL_ERROR, "subscription identifier in a PUBLISH from a client [MQTT-3.3.4-6]");
        }
        if (publish.qos().value() > settings.maximumQos()) {
            return fail(ReasonCode.QOS_NOT_SUPPORTED, "PUBLISH with QoS " + publish.qos().value()
                    + " above the maximum QoS " + settings.maximumQos() + " [MQTT-3.2.2-11]");
        }
        if (publish.retain() && !settings.retainAvailable()) {
            return fail(ReasonCode.RETAIN_NOT_SUPPORTED, "retained PUBLISH while retain is not available [MQTT-3.2.2-14]");
        }
        Integer alias = properties.integer(PropertyId.TOPIC_ALIAS);
        return alias == null ? publish : resolve(publish, alias);
    }

    private Publish resolve(Publish publish, int alias) {
        if (!aliases.accepts(alias)) {
            return fail(ReasonCode.TOPIC_ALIAS_INVALID, "topic alias " + alias + " outside 1.."
                    + settings.topicAliasMaximum() + " [MQTT-3.3.2-9]");
        }
        String topic = publish.topic();
        if (topic.isEmpty()) {
            topic = aliases.topic(alias);
            if (topic == null) {
                return fail(ReasonCode.PROTOCOL_ERROR, "empty topic with topic alias " + alias
                        + " that has no mapping on this connection (5.0 section 3.3.2.3.4)");
            }
        } else {
            aliases.set(alias, topic);
        }
        // The alias is this connection's business: subscribers get the topic (and maybe their own alias).
        MqttProperties routed = publish.properties().toBuilder().remove(PropertyId.TOPIC_ALIAS).build();
        return new Publish(publish.dup(), publish.qos(), publish.retain(), topic, publish.packetId(), routed,
                publish.payload());
    }

    /**
     * 5.0: a new QoS 1/2 exchange from the client; false when it is one more than Receive Maximum allows
     * [MQTT-3.3.4-9]. The connection lowers the count as the broker's acknowledgements go out.
     */
    boolean withinReceiveMaximum(Publish publish) {
        if (!version.isMqtt5() || publish.qos() == QoS.AT_MOST_ONCE
                || connection.inboundStarted(settings.receiveMaximum())) {
            return true;
        }
        problem = new Problem(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "more than " + settings.receiveMaximum()
                + " QoS 1/2 PUBLISH packets unacknowledged [MQTT-3.3.4-9]");
        return false;
    }

    /** Payload Format Indicator 1 promises UTF-8 [MQTT-3.3.2-4]; false when the payload is not. */
    boolean payloadValid(Publish publish) {
        if (payloadMatchesFormat(publish.properties(), publish.payload())) {
            return true;
        }
        problem = new Problem(ReasonCode.PAYLOAD_FORMAT_INVALID,
                "payload format indicator 1 with a payload that is not UTF-8 [MQTT-3.3.2-4]");
        return false;
    }

    /** True unless the properties say UTF-8 (Payload Format Indicator 1) and the payload is not well-formed. */
    static boolean payloadMatchesFormat(MqttProperties properties, byte[] payload) {
        Integer format = properties.integer(PropertyId.PAYLOAD_FORMAT_INDICATOR);
        if (format == null || format != 1) {
            return true;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(payload));
            return true;
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
    }

    /** A Reason String for a refused PUBLISH's acknowledgement (5.0 only), naming the reason code. */
    static MqttProperties reasonString(ProtocolVersion version, ReasonCode reason) {
        if (!version.isMqtt5() || !reason.isError()) {
            return MqttProperties.EMPTY;
        }
        String text = switch (reason.value()) {
            case 0x87 -> "not authorized";
            case 0x97 -> "quota exceeded";
            case 0x99 -> "payload format indicator 1 with a payload that is not UTF-8";
            default -> "refused with reason " + reason;
        };
        return MqttProperties.builder().put(PropertyId.REASON_STRING, text).build();
    }

    private Publish fail(ReasonCode reason, String message) {
        problem = new Problem(reason, message);
        return null;
    }
}
