package io.weft.core.protocol;

import io.weft.core.ProtocolSettings;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.codec.TopicValidation;

/**
 * Stateless: what SUBSCRIBE must respect of the features the CONNACK announced (wildcards, subscription
 * identifiers, Maximum QoS). The access policy and shared subscriptions are decided by the protocol.
 */
final class SubscribeChecks {

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

    /** A granted QoS above the broker's Maximum QoS is granted at the maximum (5.0 section 3.2.2.3.4). */
    ReasonCode capped(ReasonCode decision) {
        if (decision.isError() || decision.value() <= settings.maximumQos()) {
            return decision;
        }
        return ReasonCode.granted(QoS.of(settings.maximumQos()));
    }
}
