package io.weft.core;

/**
 * What the broker announces in CONNACK and enforces for MQTT 5 features (keys under {@code mqtt.}).
 *
 * @param receiveMaximum          QoS 1/2 PUBLISH packets a client may have unacknowledged towards the broker;
 *                                announced as Receive Maximum, exceeding it is DISCONNECT 0x93
 *                                ({@code mqtt.receive-maximum})
 * @param topicAliasMaximum       topic aliases a client may use towards the broker, 0 for none; announced as
 *                                Topic Alias Maximum ({@code mqtt.topic-alias-maximum})
 * @param outboundTopicAliases    topic aliases the broker assigns towards a client that accepts them, at most
 *                                the client's own maximum, 0 for none ({@code mqtt.outbound-topic-aliases})
 * @param maximumKeepAliveSeconds the longest keep alive a client may ask for; a 5.0 client asking for more (or
 *                                for 0) gets Server Keep Alive, 65535 leaves every request as it is
 *                                ({@code mqtt.max-keep-alive})
 * @param maximumQos              highest QoS accepted and granted, 0..2, announced as Maximum QoS
 *                                ({@code mqtt.maximum-qos})
 * @param retainAvailable         whether retained messages are accepted ({@code mqtt.retain-available})
 * @param wildcardSubscriptions   whether filters with + and # are accepted ({@code mqtt.wildcard-subscriptions})
 * @param subscriptionIdentifiers whether subscription identifiers are accepted
 *                                ({@code mqtt.subscription-identifiers})
 * @param sharedSubscriptions     whether $share/group/filter subscriptions are accepted
 *                                ({@code mqtt.shared-subscriptions})
 * @param responseInformation     prefix returned as Response Information to a client that requests it, followed
 *                                by its client id; empty sends none ({@code mqtt.response-information})
 */
public record ProtocolSettings(int receiveMaximum, int topicAliasMaximum, int outboundTopicAliases,
                               int maximumKeepAliveSeconds, int maximumQos, boolean retainAvailable,
                               boolean wildcardSubscriptions, boolean subscriptionIdentifiers,
                               boolean sharedSubscriptions, String responseInformation) {

    public ProtocolSettings {
        if (receiveMaximum < 1 || receiveMaximum > 65535) {
            throw new IllegalArgumentException("receive maximum must be 1..65535: " + receiveMaximum);
        }
        if (topicAliasMaximum < 0 || topicAliasMaximum > 65535) {
            throw new IllegalArgumentException("topic alias maximum must be 0..65535: " + topicAliasMaximum);
        }
        if (outboundTopicAliases < 0 || outboundTopicAliases > 65535) {
            throw new IllegalArgumentException("outbound topic aliases must be 0..65535: " + outboundTopicAliases);
        }
        if (maximumKeepAliveSeconds < 1 || maximumKeepAliveSeconds > 65535) {
            throw new IllegalArgumentException("maximum keep alive must be 1..65535: " + maximumKeepAliveSeconds);
        }
        if (maximumQos < 0 || maximumQos > 2) {
            throw new IllegalArgumentException("maximum QoS must be 0..2: " + maximumQos);
        }
        if (responseInformation == null) {
            throw new IllegalArgumentException("response information must not be null");
        }
    }

    public static ProtocolSettings defaults() {
        return new ProtocolSettings(1024, 64, 64, 65535, 2, true, true, true, true, "");
    }
}
