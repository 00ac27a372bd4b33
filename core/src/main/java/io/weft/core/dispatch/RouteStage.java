package io.weft.core.dispatch;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.weft.core.SharedSubscriptionSettings;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubComp;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.PubRel;
import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttPacket.UnsubAck;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.codec.TopicValidation;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.session.Message;
import io.weft.core.session.Session;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.StateLog;
import io.weft.core.store.StateRecords;
import io.weft.core.store.StoredMessage;
import io.weft.core.store.SyncGate;
import io.weft.core.topic.RetainedIndex;
import io.weft.core.topic.TopicTree;
import io.weft.spi.event.DropReason;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Owned by the ring's route thread, the single writer of the topic tree and the retained index: it
 * matches each PUBLISH, hands one copy per subscribing session to that session, acknowledges the
 * publisher, and applies SUBSCRIBE / UNSUBSCRIBE in ring order with everything else. It is also the
 * single writer of the state journal: every change to a persistent session or a retained message is written
 * before anything that depends on it is sent, and acknowledgements go through the sync gate.
 */
final class RouteStage implements EventHandler<RingEvent> {

    private final TopicTree<Session, SubscriptionOptions> tree = new TopicTree<>();
    private final RetainedIndex<StoredMessage> retained = new RetainedIndex<>();
    private final StateLog stateLog;
    private final SyncGate syncGate;
    private final BrokerCounters counters;
    /** The sessions the state journal holds (Session has identity equality); a checkpoint writes each. */
    private final Set<Session> journaled = new HashSet<>();
    /** The newest message id routed; later ones must stay in the message log across a checkpoint. */
    private long lastRoutedMessageId = -1;
    /** Per-PUBLISH scratch: one delivery per session, merged over overlapping subscriptions. */
    private final Deliveries deliveries = new Deliveries();
    /** The tree's and the index's sizes for $SYS, read by the timer without a lock; written per batch on change. */
    private volatile int visibleSubscriptions;
    private volatile int visibleRetained;
    /** Shared subscriptions: their own groups and tree, so the non-shared path above stays as it is. */
    private final SharedSubscriptions shared;

    RouteStage(StateLog stateLog, SyncGate syncGate, SharedSubscriptionSettings sharedSettings,
               BrokerCounters counters) {
        this.stateLog = stateLog;
        this.syncGate = syncGate;
        this.counters = counters;
        this.shared = new SharedSubscriptions(sharedSettings, counters, stateLog, this::deliver);
    }

    /** Start-up only, before the ring runs: the stored retained messages and persistent sessions. */
    void restore(Iterable<StoredMessage> retainedMessages, Map<Session, Map<String, SubscriptionOptions>> sessions) {
        retainedMessages.forEach(stored -> retained.put(stored.message().topic(), stored));
        sessions.forEach((session, filters) -> {
            journaled.add(session);
            session.journaled(true);
            filters.forEach((filter, options) -> {
                if (TopicValidation.isSharedSubscription(filter)) {
                    shared.restore(filter, session, options);
                } else {
                    tree.subscribe(filter, session, options);
                }
                session.subscriptions().put(filter, options);
            });
        });
        updateVisibleSizes();
    }

    /** The route stage's own ring sequence: what it has finished (written by the ring at each batch end). */
    private volatile Sequence progress;

    @Override
    public void setSequenceCallback(Sequence sequenceCallback) {
        progress = sequenceCallback;
    }

    /** The last ring sequence this stage finished, -1 before the first; any thread. */
    long progress() {
        Sequence finished = progress;
        return finished == null ? -1 : finished.get();
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
                case SESSION_CLAIMED -> claimed(event.session);
                case SESSION_DETACHED -> detached(event.session, event.number);
                case DROP_SESSION -> dropSession(event.session);
                case COPY_RECEIVED -> {
                    if (event.session.journaled()) {
                        stateLog.received(event.session.clientId(), event.number);
                    }
                    if (event.origin != null) { // PUBREL only once the PUBREC is journaled [MQTT-4.3.3-4]
                        syncGate.send(event.origin, new PubRel(Session.packetIdOf(event.number), ReasonCode.SUCCESS,
                                MqttProperties.EMPTY));
                    }
                }
                case COPIES_COMPLETED -> {
                    if (event.session.journaled()) {
                        stateLog.completed(event.session.clientId(), event.numbers);
                    }
                }
                case RELEASE -> release(event);
                case WILL_SCHEDULED -> {
                    if (event.session.journaled()) {
                        stateLog.willScheduled(event.session.clientId(),
                                new StoredMessage(event.message, event.receivedAtMillis), event.number);
                    }
                }
                case WILL_CANCELLED -> {
                    if (event.session.journaled()) {
                        stateLog.willCancelled(event.session.clientId());
                    }
                }
            }
        } finally {
            event.clear();
            if (endOfBatch) {
                updateVisibleSizes();
            }
            if (endOfBatch && stateLog.checkpointDue()) {
                checkpoint();
            }
        }
    }

    private void publish(RingEvent event) {
        Message message = event.message;
        if (message.retain()) {
            retain(message, event.receivedAtMillis);
        }
        if (event.messageId >= 0) {
            lastRoutedMessageId = event.messageId;
        }
        Session publisher = event.session;
        if (message.qos() == QoS.EXACTLY_ONCE && event.packetId != 0 && publisher != null && publisher.journaled()) {
            stateLog.inbound(publisher.clientId(), event.packetId); // a resend after a restart is known [MQTT-4.3.3-9]
        }
        deliveries.begin(publisher);
        try {
            tree.match(message.topic(), deliveries);
            for (int slot = 0; slot < deliveries.size(); slot++) {
                // Delivery QoS is the minimum of the publish QoS and the granted QoS [MQTT-3.8.4-8];
                // the retain flag is cleared for existing subscriptions [MQTT-3.3.1-9] unless retain as published.
                deliver(deliveries.session(slot), message, event.messageId, event.receivedAtMillis,
                        QoS.min(message.qos(), deliveries.qos(slot)),
                        deliveries.retainAsPublished(slot) && message.retain(), deliveries.identifiers(slot));
            }
            // Shared groups after: a second, separate copy for a session also subscribed without $share (spec 4.8.2).
            int groups = shared.route(message, event.messageId, event.receivedAtMillis);
            acknowledge(event, deliveries.size() > 0 || groups > 0);
        } finally {
            deliveries.end();
        }
    }

    /** One copy to one session; a QoS 1/2 copy for a journaled session is journaled before it can be sent. */
    private void deliver(Session session, Message message, long messageId, long receivedAtMillis, QoS qos,
                         boolean retain, List<Integer> identifiers) {
        deliver(session, message, messageId, receivedAtMillis, qos, retain, identifiers, null);
    }

    /** As above, for a copy picked for a member of shared subscription {@code shareGroup} (or null); false if dropped. */
    private boolean deliver(Session session, Message message, long messageId, long receivedAtMillis, QoS qos,
                            boolean retain, List<Integer> identifiers, String shareGroup) {
        if (qos == QoS.AT_MOST_ONCE || !session.journaled()) {
            return session.offer(message, receivedAtMillis, qos, retain, identifiers, shareGroup);
        }
        long sequence = session.nextSequence();
        if (messageId >= 0) {
            stateLog.enqueued(session.clientId(), sequence, messageId, qos, retain, identifiers);
        } else {
            stateLog.entry(session.clientId(), sequence, new StoredMessage(message, receivedAtMillis), qos, retain,
                    identifiers);
        }
        if (shareGroup != null) {
            stateLog.sharedCopy(session.clientId(), sequence, shareGroup);
        }
        if (!session.offer(message, receivedAtMillis, qos, retain, identifiers, shareGroup)) {
            stateLog.completed(session.clientId(), sequence); // dropped (queue full): counted and logged
            return false;
        }
        return true;
    }

    private void acknowledge(RingEvent event, boolean matched) {
        if (event.origin == null || event.packetId == 0) {
            return;
        }
        ReasonCode reason = matched || !event.originVersion.isMqtt5()
                ? ReasonCode.SUCCESS : ReasonCode.NO_MATCHING_SUBSCRIBERS;
        switch (event.message.qos()) {
            case AT_LEAST_ONCE -> syncGate.send(event.origin, new PubAck(event.packetId, reason, MqttProperties.EMPTY));
            case EXACTLY_ONCE -> syncGate.send(event.origin, new PubRec(event.packetId, reason, MqttProperties.EMPTY));
            case AT_MOST_ONCE -> {
            }
        }
    }

    private void retain(Message message, long receivedAtMillis) {
        if (message.payload().length == 0) {
            // An empty retained message clears the topic and is not stored [MQTT-3.3.1-10], [MQTT-3.3.1-11].
            if (retained.remove(message.topic()) != null) {
                stateLog.retainCleared(message.topic());
            }
            return;
        }
        StoredMessage stored = new StoredMessage(message, receivedAtMillis);
        retained.put(message.topic(), stored); // replaces the previous one [MQTT-3.3.1-5]
        if (!isSysTopic(message.topic())) { // $SYS values are rebuilt at start, never journaled
            stateLog.retained(stored);
        }
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
            boolean isShared = TopicValidation.isSharedSubscription(subscription.filter());
            session.subscriptions().put(subscription.filter(), options);
            boolean existed = isShared
                    ? shared.subscribe(subscription.filter(), session, options)
                    : tree.subscribe(subscription.filter(), session, options) != null;
            if (session.journaled()) {
                stateLog.subscribed(session.clientId(), subscription.filter(), options);
            }
            if (isShared) {
                continue; // retained messages go only to a new non-shared subscription (spec 3.3.1.3)
            }
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
    }

    /**
     * The retained messages matching a new subscription, each with the expiry interval that remains; one whose
     * interval has passed is not sent but removed, from the index and the journal [MQTT-3.3.2-5].
     */
    private void sendRetained(Session session, String filter, SubscriptionOptions options) {
        List<Integer> identifiers = options.subscriptionIdentifier() == 0
                ? List.of() : List.of(options.subscriptionIdentifier());
        List<Message> expired = new ArrayList<>(0);
        retained.matching(filter, (topic, stored) -> {
            if (stored.message().expired(stored.receivedAtMillis())) {
                expired.add(stored.message()); // the index must not change while it is walked
                return;
            }
            deliver(session, stored.message(), -1, stored.receivedAtMillis(),
                    QoS.min(stored.message().qos(), options.grantedQos()), true, identifiers);
        });
        for (Message message : expired) {
            retained.remove(message.topic());
            stateLog.retainCleared(message.topic());
            counters.dropped(DropReason.EXPIRED, session.clientId(), message.topic(), message.qos());
        }
    }

    private void unsubscribe(RingEvent event) {
        Session session = event.session;
        List<ReasonCode> results = new ArrayList<>(event.unsubscribe.filters().size());
        for (String filter : event.unsubscribe.filters()) {
            boolean existed = TopicValidation.isSharedSubscription(filter)
                    ? shared.unsubscribe(filter, session) // before the filter leaves the session's subscriptions
                    : tree.unsubscribe(filter, session) != null;
            session.subscriptions().remove(filter);
            if (existed && session.journaled()) {
                stateLog.unsubscribed(session.clientId(), filter);
            }
            results.add(existed ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED);
        }
        if (event.origin != null) {
            // One reason code per filter [MQTT-3.11.3-1]; the 3.x encoder leaves them out.
            event.origin.send(new UnsubAck(event.unsubscribe.packetId(), results, MqttProperties.EMPTY));
        }
    }

    /**
     * A CONNECT created or resumed the session. A persistent one the journal does not hold yet is written
     * whole (a session resumed with a longer expiry brings its subscriptions and queue); one it holds gets
     * its new expiry — 0 included, so that a crash while connected ends it at start-up.
     */
    private void claimed(Session session) {
        session.detachedAtMillis(0);
        if (!session.journaled()) {
            if (session.isPersistent()) {
                session.journaled(true);
                journaled.add(session);
                session.writeTo(stateLog);
            }
        } else {
            stateLog.session(session.clientId(), session.expiryIntervalSeconds(), session.nextSequence());
        }
        shared.claimed(session); // after its session record: the copies it takes are journaled on it
    }

    private void detached(Session session, long atMillis) {
        session.detachedAtMillis(atMillis);
        if (session.journaled()) {
            stateLog.detached(session.clientId(), session.expiryIntervalSeconds(), atMillis);
        }
        shared.detached(session);
    }

    private void dropSession(Session session) {
        shared.dropped(session);
        session.subscriptions().forEach((filter, options) -> {
            if (!TopicValidation.isSharedSubscription(filter)) {
                tree.unsubscribe(filter, session);
            }
        });
        session.subscriptions().clear();
        session.clearQueue(); // nothing reaches it any more: its copies leave the memory budget
        if (session.journaled()) {
            stateLog.discarded(session.clientId());
            session.journaled(false);
            journaled.remove(session);
        }
    }

    /** Inbound PUBREL of a journaled session: the packet id is free once that is written [MQTT-4.3.3-11]. */
    private void release(RingEvent event) {
        int packetId = (int) event.number;
        if (event.session.journaled()) {
            stateLog.released(event.session.clientId(), packetId);
        }
        syncGate.send(event.origin, new PubComp(packetId, ReasonCode.SUCCESS, MqttProperties.EMPTY));
    }

    /** The whole live state into the journal, so that what came before it can be deleted. */
    private void checkpoint() {
        stateLog.checkpoint(lastRoutedMessageId, this::writeLiveState);
    }

    private void writeLiveState(StateRecords records) {
        for (Session session : journaled) {
            session.writeTo(records);
        }
        retained.forEach((topic, stored) -> {
            if (!isSysTopic(topic)) { // as in retain(): $SYS values are not journaled
                records.retained(stored);
            }
        });
    }

    /** The broker's own statistics, published by itself only; clients may not publish there. */
    private static boolean isSysTopic(String topic) {
        return topic.startsWith("$SYS/");
    }

    /** Plain volatile writes, and only when a size changed, so a batch that changes nothing costs two reads. */
    private void updateVisibleSizes() {
        int subscriptions = tree.size() + shared.memberships();
        if (subscriptions != visibleSubscriptions) {
            visibleSubscriptions = subscriptions;
        }
        int retainedMessages = retained.size();
        if (retainedMessages != visibleRetained) {
            visibleRetained = retainedMessages;
        }
    }

    /** (filter, session) pairs, shared memberships included, as of the last batch; any thread. */
    int subscriptionCount() {
        return visibleSubscriptions;
    }

    int sharedGroupCount() {
        return shared.size();
    }

    /** Retained messages (the $SYS ones included) as of the last batch; any thread. */
    int retainedCount() {
        return visibleRetained;
    }
}
