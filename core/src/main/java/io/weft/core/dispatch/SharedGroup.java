package io.weft.core.dispatch;

import io.weft.core.SharedStrategy;
import io.weft.core.codec.QoS;
import io.weft.core.session.Session;
import io.weft.core.session.SubscriptionOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Owned by the route stage: one shared subscription {@code $share/{ShareName}/{filter}} (spec 4.8.2) and the
 * sessions that are its members, each with its own options. It picks the one member a message goes to.
 */
final class SharedGroup {

    private static final System.Logger LOG = System.getLogger(SharedGroup.class.getName());
    private static final long DROP_REPORT_INTERVAL_NANOS = 10_000_000_000L;

    /** A session in the group and what it subscribed with. */
    record Member(Session session, SubscriptionOptions options) {
    }

    /** The whole filter, {@code $share/name/filter}: the key a member's subscription and its copies carry. */
    final String key;
    private final List<Member> members = new ArrayList<>(4);
    /** Round robin: the index the next search starts at. */
    private int next;
    /** Sticky: the member every message goes to while it stays connected. */
    private Session sticky;
    /** Copies parked with offline members since a member last took them. */
    private int parked;
    private long dropsNotReported;
    private long lastDropReportNanos;

    SharedGroup(String key) {
        this.key = key;
    }

    /** Adds or replaces {@code session}'s membership; returns whether it was a member already. */
    boolean put(Session session, SubscriptionOptions options) {
        for (int index = 0; index < members.size(); index++) {
            if (members.get(index).session() == session) {
                members.set(index, new Member(session, options));
                return true;
            }
        }
        members.add(new Member(session, options));
        return false;
    }

    /** Removes {@code session}; returns whether it was a member. */
    boolean remove(Session session) {
        for (int index = 0; index < members.size(); index++) {
            if (members.get(index).session() == session) {
                members.remove(index);
                if (next > index) {
                    next--;
                }
                if (sticky == session) {
                    sticky = null;
                }
                return true;
            }
        }
        return false;
    }

    Member member(Session session) {
        for (Member member : members) {
            if (member.session() == session) {
                return member;
            }
        }
        return null;
    }

    List<Member> members() {
        return members;
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    boolean hasConnectedMember() {
        for (Member member : members) {
            if (member.session().isConnected()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The connected member a message at {@code qos} from {@code publisherId} goes to, or null when none is
     * connected. A member whose queue is full is skipped when another connected one has room; when none has,
     * the strategy's choice gets it (and its queue limit counts the drop).
     */
    Member pickConnected(SharedStrategy strategy, String publisherId, QoS qos) {
        int size = members.size();
        if (size == 0) {
            return null;
        }
        if (strategy == SharedStrategy.STICKY && sticky != null) {
            Member current = member(sticky);
            if (current != null && current.session().isConnected() && hasRoom(current, qos)) {
                return current;
            }
        }
        if (strategy == SharedStrategy.HASHED) {
            return pickHashed(publisherId, qos);
        }
        Member fallback = null;
        for (int step = 0; step < size; step++) {
            int index = (next + step) % size;
            Member member = members.get(index);
            if (!member.session().isConnected()) {
                continue;
            }
            if (hasRoom(member, qos)) {
                next = (index + 1) % size;
                sticky = member.session();
                return member;
            }
            if (fallback == null) {
                fallback = member;
            }
        }
        return fallback;
    }

    /** By the publisher's client id over the connected members, so one publisher stays on one member. */
    private Member pickHashed(String publisherId, QoS qos) {
        List<Member> connected = new ArrayList<>(members.size());
        for (Member member : members) {
            if (member.session().isConnected()) {
                connected.add(member);
            }
        }
        if (connected.isEmpty()) {
            return null;
        }
        int start = Math.floorMod(publisherId == null ? 0 : publisherId.hashCode(), connected.size());
        for (int step = 0; step < connected.size(); step++) {
            Member member = connected.get((start + step) % connected.size());
            if (hasRoom(member, qos)) {
                return member;
            }
        }
        return connected.get(start);
    }

    /**
     * A member with no connection that can keep a QoS 1/2 copy until a member connects: persistent, granted
     * QoS 1 or 2, with room in its queue; or null.
     */
    Member pickOffline() {
        for (Member member : members) {
            Session session = member.session();
            if (!session.isConnected() && session.isPersistent()
                    && member.options().grantedQos() != QoS.AT_MOST_ONCE && session.queueRoom() > 0) {
                return member;
            }
        }
        return null;
    }

    int parked() {
        return parked;
    }

    void parked(int count) {
        parked = Math.max(0, count);
    }

    /** One log line for the first drop, then at most one summary per interval. */
    void reportDrop(int limit, String topic) {
        dropsNotReported++;
        long now = System.nanoTime();
        if (lastDropReportNanos == 0 || now - lastDropReportNanos >= DROP_REPORT_INTERVAL_NANOS) {
            LOG.log(System.Logger.Level.WARNING, "{0}: no member connected and {1} messages queued: dropped {2} "
                    + "QoS 1/2 message(s), the last on {3}", key, limit, dropsNotReported, topic);
            dropsNotReported = 0;
            lastDropReportNanos = now;
        }
    }

    private static boolean hasRoom(Member member, QoS qos) {
        return QoS.min(qos, member.options().grantedQos()) == QoS.AT_MOST_ONCE || member.session().queueRoom() > 0;
    }
}
