package io.weft.core.dispatch;

import io.weft.core.codec.QoS;
import io.weft.core.session.Session;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.topic.MatchVisitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Owned by the route stage: the sessions one PUBLISH goes to, one entry per session merged over its
 * overlapping subscriptions, reused for every PUBLISH. A session remembers its entry by the PUBLISH's
 * stamp, so merging needs no map and routing allocates nothing per message (the profile showed a map
 * node, an entry and a lambda per delivery).
 */
final class Deliveries implements MatchVisitor<Session, SubscriptionOptions> {

    private Session[] sessions = new Session[16];
    private QoS[] qos = new QoS[16];
    private boolean[] retainAsPublished = new boolean[16];
    @SuppressWarnings("unchecked")
    private List<Integer>[] identifiers = new List[16];
    private int size;
    private long stamp;
    private Session publisher;

    /** Starts collecting for one PUBLISH from {@code publisher} (null for a will). */
    void begin(Session publisher) {
        this.publisher = publisher;
        stamp++;
        size = 0;
    }

    @Override
    public void visit(Session session, SubscriptionOptions options) {
        if (options.noLocal() && session == publisher) {
            return; // [MQTT-3.8.3-3]
        }
        int slot = session.routeSlot(stamp);
        if (slot < 0) {
            slot = add(session);
            qos[slot] = options.grantedQos();
            retainAsPublished[slot] = options.retainAsPublished();
            identifiers[slot] = List.of();
        } else {
            // One copy at the highest QoS: [MQTT-3.3.5-1] (3.1.1), [MQTT-3.3.4-2] (5.0).
            qos[slot] = QoS.max(qos[slot], options.grantedQos());
            retainAsPublished[slot] |= options.retainAsPublished();
        }
        if (options.subscriptionIdentifier() != 0) {
            if (identifiers[slot].isEmpty()) {
                identifiers[slot] = new ArrayList<>(2);
            }
            identifiers[slot].add(options.subscriptionIdentifier());
        }
    }

    private int add(Session session) {
        if (size == sessions.length) {
            int grown = size * 2;
            sessions = Arrays.copyOf(sessions, grown);
            qos = Arrays.copyOf(qos, grown);
            retainAsPublished = Arrays.copyOf(retainAsPublished, grown);
            identifiers = Arrays.copyOf(identifiers, grown);
        }
        int slot = size++;
        sessions[slot] = session;
        session.routeSlot(stamp, slot);
        return slot;
    }

    int size() {
        return size;
    }

    Session session(int slot) {
        return sessions[slot];
    }

    QoS qos(int slot) {
        return qos[slot];
    }

    boolean retainAsPublished(int slot) {
        return retainAsPublished[slot];
    }

    List<Integer> identifiers(int slot) {
        return identifiers[slot];
    }

    /** Forgets the sessions, so a closed session is not kept reachable from here. */
    void end() {
        Arrays.fill(sessions, 0, size, null);
        Arrays.fill(identifiers, 0, size, null);
        size = 0;
        publisher = null;
    }
}
