package io.weft.core.session;

import io.weft.core.codec.QoS;
import io.weft.core.store.StateRecords;
import io.weft.core.store.StoredMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Confined to its session's lock: the QoS 1/2 copies towards one client, numbered in the order they were
 * queued — those in flight (by packet id, in send order) and those waiting for room in the window.
 * Both collections are created on first use: most sessions of an idle fleet never hold a message.
 */
final class OutboundQueue {

    private static final System.Logger LOG = System.getLogger(OutboundQueue.class.getName());
    private static final long DROP_REPORT_INTERVAL_NANOS = 10_000_000_000L;

    private LinkedHashMap<Integer, Outgoing> inflight;
    private ArrayDeque<Outgoing> pending;
    /** The sequence number of the next copy; a copy's packet id follows from its number. */
    private long nextSequence;
    private long dropsNotReported;
    private long lastDropReportNanos;

    long nextSequence() {
        return nextSequence;
    }

    /** Numbers a new copy and queues it; null (the number used up) when {@code limit} copies already wait. */
    Outgoing enqueue(Message message, long receivedAtMillis, QoS qos, boolean retain, List<Integer> identifiers,
                     int limit) {
        long sequence = nextSequence++;
        if (pendingCount() >= limit) {
            return null;
        }
        Outgoing copy = new Outgoing(sequence, message, receivedAtMillis, qos, retain, identifiers);
        pending().addLast(copy);
        return copy;
    }

    /**
     * Removes and returns, by sequence number, the copies of shared subscription {@code group} that may go to
     * another member: those not sent yet, and, when {@code withUnacknowledged}, QoS 1 ones sent but not
     * acknowledged; sent QoS 2 ones stay [MQTT-4.8.2-4]. At most {@code limit}.
     */
    List<Outgoing> takeShared(String group, boolean withUnacknowledged, int limit) {
        List<Outgoing> taken = new ArrayList<>();
        if (withUnacknowledged && inflight != null) {
            var copies = inflight.values().iterator();
            while (copies.hasNext() && taken.size() < limit) {
                Outgoing copy = copies.next();
                if (group.equals(copy.shareGroup) && copy.state == Outgoing.State.AWAITING_PUBACK) {
                    copies.remove();
                    taken.add(copy);
                }
            }
        }
        if (pending != null) {
            var copies = pending.iterator();
            while (copies.hasNext() && taken.size() < limit) {
                Outgoing copy = copies.next();
                if (group.equals(copy.shareGroup)) {
                    copies.remove();
                    taken.add(copy);
                }
            }
        }
        taken.sort(Comparator.comparingLong(copy -> copy.sequence));
        return taken;
    }

    /** Copies waiting to be sent (the queue limit counts these). */
    int pendingCount() {
        return pending == null ? 0 : pending.size();
    }

    /**
     * The next copy to send when fewer than {@code window} are in flight, or null. A copy whose packet id is
     * still in flight (65,535 later copies overtook it) waits for that id to be acknowledged [MQTT-2.2.1-4].
     */
    Outgoing nextToSend(int window) {
        if (inflightCount() >= window || pendingCount() == 0) {
            return null;
        }
        Outgoing next = pending.peekFirst();
        return inflight != null && inflight.containsKey(next.packetId()) ? null : next;
    }

    /** The copy {@link #nextToSend} returned leaves the queue: sent (now in flight) or dropped. */
    void takeNext(boolean sent) {
        Outgoing next = pending.pollFirst();
        if (sent) {
            next.sent();
            inflight().put(next.packetId(), next);
        }
    }

    Outgoing inflight(int packetId) {
        return inflight == null ? null : inflight.get(packetId);
    }

    void remove(int packetId) {
        inflight.remove(packetId);
    }

    /** In send order; empty without creating the map (idle memory). */
    Collection<Outgoing> inflightCopies() {
        return inflight == null ? List.of() : inflight.values();
    }

    int size() {
        return inflightCount() + pendingCount();
    }

    /** Every copy, in flight or waiting, by sequence number (checkpoints). */
    List<Outgoing> copies() {
        List<Outgoing> copies = new ArrayList<>(size());
        copies.addAll(inflightCopies());
        if (pending != null) {
            copies.addAll(pending);
        }
        copies.sort(Comparator.comparingLong(copy -> copy.sequence));
        return copies;
    }

    /** Every copy as an entry record, by sequence number; a PUBREC'd one also as received (checkpoints). */
    void writeTo(String clientId, StateRecords records) {
        for (Outgoing copy : copies()) {
            records.entry(clientId, copy.sequence, new StoredMessage(copy.message, copy.receivedAtMillis), copy.qos,
                    copy.retain, copy.subscriptionIdentifiers);
            if (copy.shareGroup != null) {
                records.sharedCopy(clientId, copy.sequence, copy.shareGroup);
            }
            if (copy.state == Outgoing.State.AWAITING_PUBCOMP) {
                records.received(clientId, copy.sequence);
            }
        }
    }

    /** Start-up: a recovered copy, in sequence order; one the client had PUBREC'd is in flight again. */
    void restore(Outgoing copy, boolean awaitingComplete) {
        if (awaitingComplete) {
            copy.state = Outgoing.State.AWAITING_PUBCOMP;
            inflight().put(copy.packetId(), copy);
        } else {
            pending().addLast(copy);
        }
        restoreNextSequence(copy.sequence + 1);
    }

    void restoreNextSequence(long sequence) {
        nextSequence = Math.max(nextSequence, sequence);
    }

    /** One log line for the first drop, then at most one summary per interval: a flood must not flood the log. */
    void reportDrop(String clientId, int limit, Message message) {
        dropsNotReported++;
        long now = System.nanoTime();
        if (lastDropReportNanos == 0 || now - lastDropReportNanos >= DROP_REPORT_INTERVAL_NANOS) {
            LOG.log(System.Logger.Level.WARNING, "{0}: queue full ({1} messages): dropped {2} QoS 1/2 message(s), "
                    + "the last on {3}", clientId, limit, dropsNotReported, message.topic());
            dropsNotReported = 0;
            lastDropReportNanos = now;
        }
    }

    private int inflightCount() {
        return inflight == null ? 0 : inflight.size();
    }

    private LinkedHashMap<Integer, Outgoing> inflight() {
        if (inflight == null) {
            inflight = new LinkedHashMap<>();
        }
        return inflight;
    }

    private ArrayDeque<Outgoing> pending() {
        if (pending == null) {
            pending = new ArrayDeque<>(4);
        }
        return pending;
    }
}
