package io.weft.core.dispatch;

import io.weft.core.SharedSubscriptionSettings;
import io.weft.core.codec.QoS;
import io.weft.core.codec.TopicValidation;
import io.weft.core.dispatch.SharedGroup.Member;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.session.Message;
import io.weft.core.session.Session;
import io.weft.core.session.SharedCopy;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.StateLog;
import io.weft.core.topic.MatchVisitor;
import io.weft.core.topic.TopicTree;
import io.weft.spi.event.DropReason;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Owned by the route stage: the shared subscriptions (spec 4.8.2), kept apart from the non-shared ones so
 * their matching does not touch the per-session merge. Each group has its own filter in a second topic tree;
 * a message matching it goes to one member, picked by the configured strategy. A copy is tagged with its
 * group, so that when its member leaves (connection ended, unsubscribed, session ended) it goes to another
 * member; while no member is connected, QoS 1/2 copies are parked in an offline member's queue (journaled
 * like any copy) and move to the first member that connects. Moves are journaled here, on the route stage,
 * as an entry on the new session before the completion on the old one.
 */
final class SharedSubscriptions {

    /** Delivers one copy to one session, journaling it first; false when the session's queue dropped it. */
    interface Deliverer {
        boolean deliver(Session session, Message message, long messageId, long receivedAtMillis, QoS qos,
                        boolean retain, List<Integer> identifiers, String shareGroup);
    }

    private final TopicTree<SharedGroup, Boolean> tree = new TopicTree<>();
    private final Map<String, SharedGroup> groups = new HashMap<>();
    private final SharedSubscriptionSettings settings;
    private final BrokerCounters counters;
    private final StateLog stateLog;
    private final Deliverer deliverer;
    /** Per-PUBLISH scratch: the groups whose filter matched. */
    private final List<SharedGroup> matched = new ArrayList<>();
    private final MatchVisitor<SharedGroup, Boolean> collector = (group, unused) -> matched.add(group);

    /** Route stage only: members over all groups. */
    private int memberships;

    SharedSubscriptions(SharedSubscriptionSettings settings, BrokerCounters counters, StateLog stateLog,
                        Deliverer deliverer) {
        this.settings = settings;
        this.counters = counters;
        this.stateLog = stateLog;
        this.deliverer = deliverer;
    }

    /**
     * Adds {@code session} to the group of {@code key} ({@code $share/name/filter}) or replaces its options;
     * returns whether it was a member already. A new member takes what the group parked while no member was
     * connected.
     */
    boolean subscribe(String key, Session session, SubscriptionOptions options) {
        boolean existed = join(key, session, options);
        if (!existed) {
            takeParked(groups.get(key), session);
        }
        return existed;
    }

    /** Start-up only: a persistent member from the journal. */
    void restore(String key, Session session, SubscriptionOptions options) {
        join(key, session, options);
    }

    /**
     * {@code session} leaves the group of {@code key} (call while its subscriptions still hold the key); its
     * copies go to other members. Returns whether it was one.
     */
    boolean unsubscribe(String key, Session session) {
        SharedGroup group = groups.get(key);
        if (group == null || !group.remove(session)) {
            return false;
        }
        memberships--;
        if (group.isEmpty()) {
            groups.remove(key);
            tree.unsubscribe(TopicValidation.withoutShare(key), group);
            return true; // the group ends with its last member (spec 4.8.2); its copies stay with the session
        }
        if (!group.hasConnectedMember() && group.pickOffline() == null) {
            return true; // nowhere else to go: its copies stay with the session
        }
        Member self = new Member(session, session.subscriptions().get(key));
        for (SharedCopy copy : session.takeShared(key, Integer.MAX_VALUE)) {
            Member target = group.pickConnected(settings.strategy(), copy.message().publisherId(), copy.message().qos());
            if (target == null) {
                target = group.pickOffline();
            }
            move(session, copy, target == null ? self : target, group);
        }
        return true;
    }

    /**
     * Routes {@code message} to one member of each matching group [MQTT-4.8.2-3]; returns the number of groups
     * that matched.
     */
    int route(Message message, long messageId, long receivedAtMillis) {
        if (tree.isEmpty()) {
            return 0;
        }
        tree.match(message.topic(), collector);
        int count = matched.size();
        try {
            for (SharedGroup group : matched) {
                routeTo(group, message, messageId, receivedAtMillis);
            }
        } finally {
            matched.clear();
        }
        return count;
    }

    private void routeTo(SharedGroup group, Message message, long messageId, long receivedAtMillis) {
        Member member = group.pickConnected(settings.strategy(), message.publisherId(), message.qos());
        if (member != null) {
            deliver(member, message, messageId, receivedAtMillis, group);
            return;
        }
        if (message.qos() == QoS.AT_MOST_ONCE) {
            // QoS 0 is not queued for offline sessions
            counters.dropped(DropReason.OFFLINE, group.key, message.topic(), message.qos());
            return;
        }
        Member offline = group.parked() < settings.maximumQueuedMessages() ? group.pickOffline() : null;
        if (offline == null) {
            counters.dropped(DropReason.SHARED_QUEUE_FULL, group.key, message.topic(), message.qos());
            group.reportDrop(settings.maximumQueuedMessages(), message.topic());
            return;
        }
        if (deliver(offline, message, messageId, receivedAtMillis, group)) {
            group.parked(group.parked() + 1);
        }
    }

    /**
     * The connection of {@code session} ended: its copies not yet sent and its unacknowledged QoS 1 copies go
     * to other connected members at once (spec 4.8.2 allows it); sent QoS 2 copies stay [MQTT-4.8.2-4]. With
     * no other member connected they stay parked where they are.
     */
    void detached(Session session) {
        if (session.isConnected()) {
            return; // connected again already
        }
        for (String key : sharedFilters(session)) {
            SharedGroup group = groups.get(key);
            if (group == null || !group.hasConnectedMember()) {
                continue;
            }
            for (SharedCopy copy : session.takeShared(key, Integer.MAX_VALUE)) {
                Member target = group.pickConnected(settings.strategy(), copy.message().publisherId(),
                        copy.message().qos());
                move(session, copy, target == null ? group.member(session) : target, group);
            }
        }
    }

    /** A CONNECT resumed {@code session}: in each of its groups it takes what offline members hold parked. */
    void claimed(Session session) {
        for (String key : sharedFilters(session)) {
            SharedGroup group = groups.get(key);
            if (group != null) {
                takeParked(group, session);
            }
        }
    }

    /** The session ends: it leaves every group, and its copies go to other members (sent QoS 2 ones end with it [MQTT-4.8.2-5]). */
    void dropped(Session session) {
        for (String key : sharedFilters(session)) {
            unsubscribe(key, session);
        }
    }

    /** For tests and metrics: the number of groups. */
    int size() {
        return groups.size();
    }

    /** (group, session) memberships: shared subscriptions as $SYS counts them. */
    int memberships() {
        return memberships;
    }

    private boolean join(String key, Session session, SubscriptionOptions options) {
        SharedGroup group = groups.get(key);
        if (group == null) {
            group = new SharedGroup(key);
            groups.put(key, group);
            tree.subscribe(TopicValidation.withoutShare(key), group, Boolean.TRUE);
        }
        boolean existed = group.put(session, options);
        if (!existed) {
            memberships++;
        }
        return existed;
    }

    /** Moves to {@code session} the copies parked with the group's offline members, as far as its queue takes them. */
    private void takeParked(SharedGroup group, Session session) {
        Member target = group.member(session);
        if (target == null) {
            return;
        }
        int moved = 0;
        for (Member holder : List.copyOf(group.members())) {
            int room = session.queueRoom();
            if (room == 0) {
                break;
            }
            if (holder.session() == session || holder.session().isConnected()) {
                continue;
            }
            for (SharedCopy copy : holder.session().takeShared(group.key, room)) {
                move(holder.session(), copy, target, group);
                moved++;
            }
        }
        group.parked(group.parked() - moved);
    }

    /** One copy from {@code from} to {@code target}: the entry on the new session is journaled before the old one completes. */
    private void move(Session from, SharedCopy copy, Member target, SharedGroup group) {
        deliver(target, copy.message(), -1, copy.receivedAtMillis(), group);
        if (from.journaled()) {
            stateLog.completed(from.clientId(), copy.sequence());
        }
    }

    /** At the member's own granted QoS [MQTT-4.8.2-3], with its retain-as-published and identifier. */
    private boolean deliver(Member member, Message message, long messageId, long receivedAtMillis, SharedGroup group) {
        SubscriptionOptions options = member.options();
        List<Integer> identifiers = options.subscriptionIdentifier() == 0
                ? List.of() : List.of(options.subscriptionIdentifier());
        return deliverer.deliver(member.session(), message, messageId, receivedAtMillis,
                QoS.min(message.qos(), options.grantedQos()), options.retainAsPublished() && message.retain(),
                identifiers, group.key);
    }

    private static List<String> sharedFilters(Session session) {
        List<String> keys = new ArrayList<>(2);
        for (String filter : session.subscriptions().keySet()) {
            if (TopicValidation.isSharedSubscription(filter)) {
                keys.add(filter);
            }
        }
        return keys;
    }
}
