package io.weft.core.dispatch;

import com.lmax.disruptor.EventHandler;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttPacket.UnsubAck;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.session.Message;
import io.weft.core.session.Session;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.StateLog;
import io.weft.core.store.StoredMessage;
import io.weft.core.topic.RetainedIndex;
import io.weft.core.topic.TopicTree;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Owned by the ring's route thread, the single writer of the topic tree and the retained index: it
 * matches each PUBLISH, hands one copy per subscribing session to that session, acknowledges the
 * publisher, and applies SUBSCRIBE / UNSUBSCRIBE in ring order with everything else.
 */
final class RouteStage implements EventHandler<RingEvent> {

    private final TopicTree<Session, SubscriptionOptions> tree = new TopicTree<>();
    private final RetainedIndex<Message> retained = new RetainedIndex<>();
    private final StateLog stateLog;
    /** Per-PUBLISH scratch: one delivery per session, merged over overlapping subscriptions. */
    private final Deliveries deliveries = new Deliveries();

    RouteStage(StateLog stateLog) {
        this.stateLog = stateLog;
    }

    /** Start-up only, before the ring runs: the stored retained messages and persistent subscriptions. */
    void restore(Iterable<Message> retainedMessages, Map<Session, Map<String, SubscriptionOptions>> subscriptions) {
        retainedMessages.forEach(message -> retained.put(message.topic(), message));
        subscriptions.forEach((session, filters) -> filters.forEach((filter, options) -> {
            tree.subscribe(filter, session, options);
            session.subscriptions().put(filter, options);
        }));
    }

    @Override
    public void onEvent(RingEvent event, long sequence, boolean endOfBatch) {
        try {
            if (event.kind == null) {
                return; // the persist stage failed on this event and cleared it: neither routed nor acknowledged
            }
            switch (event.kind) {
                case PUBLISH -> publish(event);
                case SUBSCRIBE -> subscribe(event);
                case UNSUBSCRIBE -> unsubscribe(event);
                case DROP_SESSION -> dropSession(event.session);
            }
        } finally {
            event.clear();
        }
    }

    private void publish(RingEvent event) {
        Message message = event.message;
        if (message.retain()) {
            retain(message);
        }
        deliveries.begin(event.session);
        try {
            tree.match(message.topic(), deliveries);
            for (int slot = 0; slot < deliveries.size(); slot++) {
                // Delivery QoS is the minimum of the publish QoS and the granted QoS [MQTT-3.8.4-8];
                // the retain flag is cleared for existing subscriptions [MQTT-3.3.1-9] unless retain as published.
                deliveries.session(slot).offer(message, QoS.min(message.qos(), deliveries.qos(slot)),
                        deliveries.retainAsPublished(slot) && message.retain(), deliveries.identifiers(slot));
            }
            acknowledge(event, deliveries.size() > 0);
        } finally {
            deliveries.end();
        }
    }

    private void acknowledge(RingEvent event, boolean matched) {
        if (event.origin == null || event.packetId == 0) {
            return;
        }
        ReasonCode reason = matched || !event.originVersion.isMqtt5()
                ? ReasonCode.SUCCESS : ReasonCode.NO_MATCHING_SUBSCRIBERS;
        switch (event.message.qos()) {
            case AT_LEAST_ONCE -> event.origin.send(new PubAck(event.packetId, reason, MqttProperties.EMPTY));
            case EXACTLY_ONCE -> event.origin.send(new PubRec(event.packetId, reason, MqttProperties.EMPTY));
            case AT_MOST_ONCE -> {
            }
        }
    }

    private void retain(Message message) {
        if (message.payload().length == 0) {
            // An empty retained message clears the topic and is not stored [MQTT-3.3.1-10], [MQTT-3.3.1-11].
            if (retained.remove(message.topic()) != null) {
                stateLog.retainCleared(message.topic());
            }
            return;
        }
        retained.put(message.topic(), message); // replaces the previous one [MQTT-3.3.1-5]
        stateLog.retained(new StoredMessage(message, System.currentTimeMillis()));
    }

    private void subscribe(RingEvent event) {
        Session session = event.session;
        List<Subscription> subscriptions = event.subscribe.subscriptions();
        Integer identifier = event.subscribe.properties().subscriptionIdentifiers().isEmpty()
                ? null : event.subscribe.properties().subscriptionIdentifiers().getFirst();
        int subscriptionIdentifier = identifier == null ? 0 : identifier;
        List<Runnable> retainedSends = new ArrayList<>();
        for (int i = 0; i < subscriptions.size(); i++) {
            ReasonCode decision = event.decisions.get(i);
            if (decision.isError()) {
                continue;
            }
            Subscription subscription = subscriptions.get(i);
            QoS granted = QoS.of(decision.value());
            SubscriptionOptions options = SubscriptionOptions.of(subscription, granted, subscriptionIdentifier);
            // A subscription with the same filter replaces the old one [MQTT-3.8.4-3].
            boolean existed = tree.subscribe(subscription.filter(), session, options) != null;
            session.subscriptions().put(subscription.filter(), options);
            RetainHandling handling = subscription.retainHandling();
            if (handling == RetainHandling.SEND_ON_SUBSCRIBE
                    || (handling == RetainHandling.SEND_IF_NEW_SUBSCRIPTION && !existed)) {
                retainedSends.add(() -> sendRetained(session, subscription.filter(), options));
            }
        }
        if (event.origin != null) {
            event.origin.send(new SubAck(event.subscribe.packetId(), event.decisions, MqttProperties.EMPTY));
        }
        retainedSends.forEach(Runnable::run); // after the SUBACK [MQTT-3.3.1-6]
        saveIfPersistent(session);
    }

    private void sendRetained(Session session, String filter, SubscriptionOptions options) {
        List<Integer> identifiers = options.subscriptionIdentifier() == 0
                ? List.of() : List.of(options.subscriptionIdentifier());
        retained.matching(filter, (topic, message) ->
                session.offer(message, QoS.min(message.qos(), options.grantedQos()), true, identifiers));
    }

    private void unsubscribe(RingEvent event) {
        Session session = event.session;
        List<ReasonCode> results = new ArrayList<>(event.unsubscribe.filters().size());
        for (String filter : event.unsubscribe.filters()) {
            boolean existed = tree.unsubscribe(filter, session) != null;
            session.subscriptions().remove(filter);
            results.add(existed ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED);
        }
        if (event.origin != null) {
            // One reason code per filter [MQTT-3.11.3-1]; the 3.x encoder leaves them out.
            event.origin.send(new UnsubAck(event.unsubscribe.packetId(), results, MqttProperties.EMPTY));
        }
        saveIfPersistent(session);
    }

    private void dropSession(Session session) {
        session.subscriptions().forEach((filter, options) -> tree.unsubscribe(filter, session));
        session.subscriptions().clear();
        stateLog.discarded(session.clientId());
    }

    private void saveIfPersistent(Session session) {
        if (session.isPersistent()) {
            session.subscriptions().forEach((filter, options) ->
                    stateLog.subscribed(session.clientId(), filter, options));
        }
    }

    /** For tests and metrics, read only after the ring stopped or via the ring. */
    int subscriptionCount() {
        return tree.size();
    }

    int retainedCount() {
        return retained.size();
    }
}
