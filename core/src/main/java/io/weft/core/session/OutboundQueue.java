package io.weft.core.session;

import io.weft.core.codec.QoS;
import io.weft.core.metrics.MemoryBudget;
import io.weft.core.store.StateRecords;
import io.weft.core.store.StoredMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Confined to its session's lock: the QoS 1/2 copies towards one client, numbered in the order they were
 * queued — those in flight (by packet id, in send order) and those waiting for room in the window.
 * Both collections are created on first use: most sessions of an idle fleet never hold a message. The payload
 * bytes of every copy held, waiting or in flight, are in the broker's {@link MemoryBudget} from the moment a
 * copy is queued until it is completed or dropped.
 */
final class OutboundQueue {

    private static final System.Logger LOG = System.getLogger(OutboundQueue.class.getName());
    private static final long DROP_REPORT_INTERVAL_NANOS = 10_000_000_000L;
    /** A full queue looks for expired copies at most this often: a flood at a full queue must stay O(1). */
    private static final long EXPIRY_SWEEP_INTERVAL_MILLIS = 1_000;

    private final MemoryBudget budget;
    private LinkedHashMap<Integer, Outgoing> inflight;
    private ArrayDeque<Outgoing> pending;
    /** The sequence number of the next copy; a copy's packet id follows from its number. */
    private long nextSequence;
    private long dropsNotReported;
    private long lastDropReportNanos;
    /** Payload bytes of the waiting copies (the per-session byte limit) and of all copies held (the budget). */
    private long pendingBytes;
    private long heldBytes;
    private long lastExpirySweepMillis;

    OutboundQueue(MemoryBudget budget) {
        this.budget = budget;
    }

    long nextSequence() {
        return nextSequence;
    }

    /**
     * Numbers a new copy and queues it; null (the number used up) when {@code limit} copies already wait or
     * its payload would take the waiting copies beyond {@code byteLimit} (0: no byte limit; see
     * {@link #full}). The newest is the
     * one dropped: the older ones were accepted first and may be in the client's view already.
     */
    Outgoing enqueue(Message message, long receivedAtMillis, QoS qos, boolean retain, List<Integer> identifiers,
                     int limit, long byteLimit) {
        long sequence = nextSequence++;
        int bytes = message.payload().length;
        if (full(bytes, limit, byteLimit)) {
            return null;
        }
        Outgoing copy = new Outgoing(sequence, message, receivedAtMillis, qos, retain, identifiers);
        pending().addLast(copy);
        pendingBytes += bytes;
        hold(bytes);
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
                    pendingBytes -= copy.bytes();
                    taken.add(copy);
                }
            }
        }
        taken.forEach(copy -> hold(-copy.bytes())); // they leave this session: the next one holds them
        taken.sort(Comparator.comparingLong(copy -> copy.sequence));
        return taken;
    }

    /** Copies waiting to be sent (the queue limit counts these). */
    int pendingCount() {
        return pending == null ? 0 : pending.size();
    }

    /**
     * Whether a copy of {@code bytes} would be refused by {@link #enqueue}. An empty queue takes one copy of any
     * size, so a message larger than the byte limit is still delivered, one at a time.
     */
    boolean full(int bytes, int limit, long byteLimit) {
        return pendingCount() >= limit || (byteLimit > 0 && pendingBytes > 0 && pendingBytes + bytes > byteLimit);
    }

    /** A copy refused before it was queued (expired) uses up its number, as the journal may hold it. */
    void skipSequence() {
        nextSequence++;
    }

    /**
     * Drops the waiting copies whose Message Expiry Interval has passed [MQTT-3.3.2-5], at most once per
     * second; returns how many. For a full queue: expired copies make room before a new one is refused.
     */
    int dropExpired(long nowMillis, java.util.function.Consumer<Outgoing> dropped) {
        if (pending == null || nowMillis - lastExpirySweepMillis < EXPIRY_SWEEP_INTERVAL_MILLIS) {
            return 0;
        }
        lastExpirySweepMillis = nowMillis;
        int count = 0;
        for (Iterator<Outgoing> waiting = pending.iterator(); waiting.hasNext(); ) {
            Outgoing copy = waiting.next();
            if (copy.expired(nowMillis)) {
                waiting.remove();
                pendingBytes -= copy.bytes();
                hold(-copy.bytes());
                dropped.accept(copy);
                count++;
            }
        }
        return count;
    }

    /** Payload bytes of the copies waiting for room in the window. */
    long pendingBytes() {
        return pendingBytes;
    }

    /** The session ended: every copy goes, and its bytes leave the budget. */
    void clear() {
        inflight = null;
        pending = null;
        pendingBytes = 0;
        hold(-heldBytes);
    }

    private void hold(long bytes) {
        heldBytes += bytes;
        budget.add(bytes);
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
        pendingBytes -= next.bytes();
        if (!sent) {
            hold(-next.bytes());
        } else {
            next.sent();
            inflight().put(next.packetId(), next);
        }
    }

    Outgoing inflight(int packetId) {
        return inflight == null ? null : inflight.get(packetId);
    }

    void remove(int packetId) {
        Outgoing removed = inflight.remove(packetId);
        if (removed != null) {
            hold(-removed.bytes());
        }
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
            pendingBytes += copy.bytes();
        }
        hold(copy.bytes());
        restoreNextSequence(copy.sequence + 1);
    }

    void restoreNextSequence(long sequence) {
        nextSequence = Math.max(nextSequence, sequence);
    }

    /** One log line for the first drop, then at most one summary per interval: a flood must not flood the log. */
    void reportDrop(String clientId, String limit, Message message) {
        dropsNotReported++;
        long now = System.nanoTime();
        if (lastDropReportNanos == 0 || now - lastDropReportNanos >= DROP_REPORT_INTERVAL_NANOS) {
            LOG.log(System.Logger.Level.WARNING, "{0}: queue full ({1}): dropped {2} QoS 1/2 message(s), "
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
