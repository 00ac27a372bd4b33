package io.weft.core.protocol;

import io.weft.core.ProtocolSettings;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.codec.TopicValidation;
import io.weft.core.security.AccessPolicy;

/**
 * Stateless: what SUBSCRIBE must respect of the features the CONNACK announced (wildcards, subscription
 * identifiers, Maximum QoS, shared subscriptions) and the connection's access policy.
 */
final class SubscribeChecks {

    private static final System.Logger LOG = System.getLogger(SubscribeChecks.class.getName());

    private final ProtocolSettings settings;
    private final ProtocolVersion version;

    SubscribeChecks(ProtocolSettings settings, ProtocolVersion version) {
        this.settings = settings;
        this.version = version;
    }

    /** A subscription identifier when they were announced as unavailable ends the connection with 0xA1. */
    boolean identifierRefused(Subscribe subscribe) {
        return !settings.subscriptionIdentifiers() && subscribe.properties().contains(PropertyId.SUBSCRIPTION_IDENTIFIER);
    }

    /** 0xA2 for a wildcard filter when wildcards were announced as unavailable (3.x: 0x80), else null. */
    ReasonCode refusal(Subscription subscription) {
        String filter = subscription.filter();
        if (settings.wildcardSubscriptions() || !TopicValidation.isValidTopicFilter(filter)
                || (filter.indexOf('+') < 0 && filter.indexOf('#') < 0)) {
            return null;
        }
        return version.isMqtt5() ? ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED : ReasonCode.UNSPECIFIED_ERROR;
    }

    /**
     * The granted QoS, or why not: an invalid filter, shared subscriptions switched off, or the access policy (asked
     * about a shared subscription's topic filter, without $share/{ShareName}/). 3.x only knows 0x80 [MQTT-3.9.3-2].
     */
    ReasonCode decide(Subscription subscription, AccessPolicy policy, String connectionName) {
        String filter = subscription.filter();
        ReasonCode failure = null;
        if (!TopicValidation.isValidTopicFilter(filter)) {
            failure = ReasonCode.TOPIC_FILTER_INVALID; // [MQTT-4.7.1-1..3]; a bad share name [MQTT-4.8.2-1], [MQTT-4.8.2-2]
        } else if (TopicValidation.isSharedSubscription(filter) && !settings.sharedSubscriptions()) {
            failure = ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED; // switched off, and so announced in CONNACK
        } else {
            ReasonCode allowed = policy.checkSubscribe(TopicValidation.withoutShare(filter), subscription.maximumQos());
            if (allowed.isError()) {
                failure = allowed;
            }
        }
        if (failure == null) {
            return ReasonCode.granted(subscription.maximumQos());
        }
        LOG.log(System.Logger.Level.INFO, "{0}: subscription to {1} refused ({2})", connectionName, filter, failure);
        return version.isMqtt5() ? failure : ReasonCode.UNSPECIFIED_ERROR;
    }

    /** A granted QoS above the broker's Maximum QoS is granted at the maximum (5.0 section 3.2.2.3.4). */
    ReasonCode capped(ReasonCode decision) {
        if (decision.isError() || decision.value() <= settings.maximumQos()) {
            return decision;
        }
        return ReasonCode.granted(QoS.of(settings.maximumQos()));
    }
}
