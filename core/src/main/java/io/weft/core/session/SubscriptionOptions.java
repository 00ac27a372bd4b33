package io.weft.core.session;

import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.QoS;

/**
 * What a session asked for with one topic filter: the granted QoS and the 5.0 options.
 *
 * @param subscriptionIdentifier the 5.0 Subscription Identifier, or 0 when none was given
 */
public record SubscriptionOptions(QoS grantedQos, boolean noLocal, boolean retainAsPublished,
                                  RetainHandling retainHandling, int subscriptionIdentifier) {

    public static SubscriptionOptions of(Subscription subscription, QoS grantedQos, int subscriptionIdentifier) {
        return new SubscriptionOptions(grantedQos, subscription.noLocal(), subscription.retainAsPublished(),
                subscription.retainHandling(), subscriptionIdentifier);
    }
}
