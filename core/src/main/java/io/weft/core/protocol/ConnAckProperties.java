package io.weft.core.protocol;

import io.weft.core.ProtocolSettings;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Will;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ReasonCode;

/**
 * Stateless: what a CONNECT asks of the broker's limits, and what CONNACK announces in return (5.0 section
 * 3.2.2.3). A property is sent only when it differs from the value its absence means.
 */
final class ConnAckProperties {

    /** The keep alive a client may ask for when the setting is at its maximum: every request stays as it is. */
    private static final int UNLIMITED_KEEP_ALIVE = 65535;

    private ConnAckProperties() {
    }

    /**
     * The keep alive the broker uses, or -1 when the request is over the maximum (or 0, which disables it):
     * a 5.0 client is then given the maximum as Server Keep Alive [MQTT-3.2.2-21], a 3.x client is refused.
     */
    static int keepAliveOverride(ProtocolSettings settings, int requested) {
        int maximum = settings.maximumKeepAliveSeconds();
        if (maximum >= UNLIMITED_KEEP_ALIVE || (requested != 0 && requested <= maximum)) {
            return -1;
        }
        return maximum;
    }

    /** Why a will cannot be accepted (QoS, retain, payload format), or null when it can. */
    static ReasonCode willProblem(ProtocolSettings settings, Will will) {
        if (will.qos().value() > settings.maximumQos()) {
            return ReasonCode.QOS_NOT_SUPPORTED; // [MQTT-3.2.2-12]
        }
        if (will.retain() && !settings.retainAvailable()) {
            return ReasonCode.RETAIN_NOT_SUPPORTED; // [MQTT-3.2.2-13]
        }
        if (!PublishChecks.payloadMatchesFormat(will.properties(), will.payload())) {
            return ReasonCode.PAYLOAD_FORMAT_INVALID; // 5.0 section 3.1.3.2.3
        }
        return null;
    }

    /** Adds the 5.0 CONNACK properties of an accepted CONNECT to {@code properties}. */
    static MqttProperties.Builder accepted(MqttProperties.Builder properties, ProtocolSettings settings,
                                           Connect connect, String clientId, boolean assigned,
                                           int maximumPacketSize, int serverKeepAlive) {
        if (assigned) {
            properties.put(PropertyId.ASSIGNED_CLIENT_IDENTIFIER, clientId);
        }
        properties.put(PropertyId.MAXIMUM_PACKET_SIZE, (long) maximumPacketSize);
        properties.put(PropertyId.RECEIVE_MAXIMUM, settings.receiveMaximum());
        if (settings.topicAliasMaximum() > 0) {
            properties.put(PropertyId.TOPIC_ALIAS_MAXIMUM, settings.topicAliasMaximum());
        }
        if (settings.maximumQos() < 2) {
            properties.put(PropertyId.MAXIMUM_QOS, settings.maximumQos()); // [MQTT-3.2.2-9]
        }
        if (!settings.retainAvailable()) {
            properties.put(PropertyId.RETAIN_AVAILABLE, 0);
        }
        if (!settings.wildcardSubscriptions()) {
            properties.put(PropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE, 0);
        }
        if (!settings.subscriptionIdentifiers()) {
            properties.put(PropertyId.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 0);
        }
        properties.put(PropertyId.SHARED_SUBSCRIPTION_AVAILABLE, settings.sharedSubscriptions() ? 1 : 0);
        if (serverKeepAlive >= 0) {
            properties.put(PropertyId.SERVER_KEEP_ALIVE, serverKeepAlive); // [MQTT-3.2.2-21]
        }
        Integer requestResponse = connect.properties().integer(PropertyId.REQUEST_RESPONSE_INFORMATION);
        if (requestResponse != null && requestResponse == 1 && !settings.responseInformation().isEmpty()) {
            properties.put(PropertyId.RESPONSE_INFORMATION, settings.responseInformation() + clientId);
        }
        return properties;
    }

    /** The client's Request Problem Information; absent means 1 (5.0 section 3.1.2.11.7). */
    static boolean problemInformation(Connect connect) {
        Integer requested = connect.properties().integer(PropertyId.REQUEST_PROBLEM_INFORMATION);
        return requested == null || requested != 0;
    }
}
