package io.weft.core.session;

import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.net.Connection;
import io.weft.core.store.StateRecords;
import io.weft.core.store.StoredMessage;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Shared state of one client id, guarded by its own ReentrantLock: the route stage offers messages, the
 * attached connection's reader acknowledges them, the registry attaches and detaches connections.
 * {@link #subscriptions()} is the exception: only the route stage touches it. Nothing blocks under the
 * lock (sending only queues a packet for the connection's writer).
 */
public final class Session {

    private final String clientId;
    private final QueueLimits limits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, SubscriptionOptions> subscriptions = new HashMap<>();
    private final OutboundQueue outbound;
    /** The attached connection and the sending onto it; guarded by {@link #lock}. */
    private final Delivery delivery;
    private Set<Integer> awaitingRelease;
    private volatile long expiryIntervalSeconds;
    /** Route stage only. */
    private boolean journaled;
    /** Route stage only: when its connection ended (wall clock), 0 while one is attached. */
    private long detachedAtMillis;
    private long detachedGeneration;
    /** Written under the registry's lock; read by the route stage for checkpoints. */
    private volatile PendingWill pendingWill;
    /** Route stage only: the PUBLISH being routed that already holds an entry for this session, and which. */
    private long routeStamp;
    private int routeSlot;

    public Session(String clientId, long expiryIntervalSeconds, int inflightWindow, int maximumQueuedMessages,
                   BrokerCounters counters) {
        this(clientId, expiryIntervalSeconds, inflightWindow, QueueLimits.ofMessages(maximumQueuedMessages), counters);
    }

    public Session(String clientId, long expiryIntervalSeconds, int inflightWindow, QueueLimits limits,
                   BrokerCounters counters) {
        this.clientId = clientId;
        this.expiryIntervalSeconds = expiryIntervalSeconds;
        this.limits = limits;
        this.outbound = new OutboundQueue(limits.budget());
        this.delivery = new Delivery(clientId, outbound, limits, inflightWindow, counters);
    }

    public String clientId() {
        return clientId;
    }

    /** Seconds the session outlives its connection: 0 ends it with the connection, 0xFFFFFFFF never. */
    public long expiryIntervalSeconds() {
        return expiryIntervalSeconds;
    }

    public void expiryIntervalSeconds(long seconds) {
        expiryIntervalSeconds = seconds;
    }

    public boolean isPersistent() {
        return expiryIntervalSeconds > 0;
    }

    /** Filter -> options. Route stage only. */
    public Map<String, SubscriptionOptions> subscriptions() {
        return subscriptions;
    }

    /**
     * Attaches a connection after CONNACK has been queued: resends what was in flight (PUBLISH with DUP
     * [MQTT-4.4.0-1], PUBREL for messages already received by the client) in the original order, then
     * fills the window from the queue.
     */
    public void attach(Connection newConnection, ProtocolVersion newVersion, int receiveMaximum, long maximumPacketSize) {
        lock.lock();
        try {
            delivery.attach(newConnection, newVersion, receiveMaximum, maximumPacketSize);
        } finally {
            lock.unlock();
        }
    }

    /** Detaches {@code oldConnection} if it is still the attached one; returns whether it was. */
    public boolean detach(Connection oldConnection) {
        lock.lock();
        try {
            Connection connection = delivery.connection();
            if (connection != oldConnection || connection == null) {
                return false;
            }
            delivery.detach();
            detachedGeneration++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Counts detachments; an expiry timer only fires for the detachment that scheduled it. */
    public long detachedGeneration() {
        lock.lock();
        try {
            return detachedGeneration;
        } finally {
            lock.unlock();
        }
    }

    public boolean isConnected() {
        lock.lock();
        try {
            return delivery.connection() != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takeover by a new connection with the same client id [MQTT-3.1.4-3]: DISCONNECT 0x8E for 5.0, then
     * the old connection is closed. The old connection's reader publishes its will as for any abnormal end.
     */
    public void takeOver() {
        lock.lock();
        try {
            if (delivery.takeOver()) {
                detachedGeneration++;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Route stage only: this session's entry in the deliveries of the PUBLISH stamped {@code stamp}, or -1. */
    public int routeSlot(long stamp) {
        return routeStamp == stamp ? routeSlot : -1;
    }

    /** Route stage only: records this session's entry for the PUBLISH stamped {@code stamp}. */
    public void routeSlot(long stamp, int slot) {
        routeStamp = stamp;
        routeSlot = slot;
    }

    /** The packet id of this session's copy {@code sequence}: it follows from the number [MQTT-2.2.1-3]. */
    public static int packetIdOf(long sequence) {
        return Outgoing.packetId(sequence);
    }

    /** Route stage only: the sequence number the next QoS 1/2 copy offered to this session will get. */
    public long nextSequence() {
        return outbound.nextSequence();
    }

    /** Route stage only: whether the state journal holds this session (it is, or was, persistent). */
    public boolean journaled() {
        return journaled;
    }

    public void journaled(boolean value) {
        journaled = value;
    }

    /** The will waiting for its delay [MQTT-3.1.3-9], or null. */
    public PendingWill pendingWill() {
        return pendingWill;
    }

    /** The registry (under its lock) or start-up: sets or clears the pending will. */
    public void pendingWill(PendingWill will) {
        pendingWill = will;
    }

    /** Route stage (or start-up) only: when the connection ended, wall clock; 0 while one is attached. */
    public void detachedAtMillis(long atMillis) {
        detachedAtMillis = atMillis;
    }

    /**
     * Offers one message to this session (route stage). A copy whose Message Expiry Interval has passed is
     * counted and dropped [MQTT-3.3.2-5]. QoS 0 goes straight to the connection, or is counted as dropped when
     * there is none or its writer backlog is full (the overflow policy, see Delivery). QoS 1/2 takes the next
     * sequence number (see {@link #nextSequence()}) and is queued, then sent as the window allows; the queue is
     * bounded in messages and payload bytes, and beyond it the copy is counted, logged and dropped: then this
     * returns false (so is an expired QoS 1/2 copy, whose number is used up too).
     */
    public boolean offer(Message message, long receivedAtMillis, QoS qos, boolean retain,
                         List<Integer> subscriptionIdentifiers) {
        return offer(message, receivedAtMillis, qos, retain, subscriptionIdentifiers, null);
    }

    /**
     * As {@link #offer(Message, long, QoS, boolean, List)}, for a copy picked for this member of the shared
     * subscription {@code shareGroup} (its full {@code $share/name/filter}; null for a non-shared copy): such a
     * copy is tagged, so that it can go to another member when this one leaves (see {@link #takeShared}).
     */
    public boolean offer(Message message, long receivedAtMillis, QoS qos, boolean retain,
                         List<Integer> subscriptionIdentifiers, String shareGroup) {
        lock.lock();
        try {
            return delivery.offer(message, receivedAtMillis, qos, retain, subscriptionIdentifiers, shareGroup);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Route stage only: removes and returns (by sequence number, at most {@code limit}) the copies of shared
     * subscription {@code shareGroup} that may go to another member: those not sent yet, and, once no
     * connection is attached, QoS 1 ones sent but not acknowledged. QoS 2 ones already sent stay with this
     * session [MQTT-4.8.2-4]; acknowledged ones, including those refused with an error reason code, are gone
     * already and never go elsewhere [MQTT-4.8.2-6].
     */
    public List<SharedCopy> takeShared(String shareGroup, int limit) {
        lock.lock();
        try {
            return delivery.takeShared(shareGroup, limit);
        } finally {
            lock.unlock();
        }
    }

    /** How many more QoS 1/2 copies the queue takes before its limit drops them. */
    public int queueRoom() {
        lock.lock();
        try {
            return Math.max(0, limits.maximumMessages() - outbound.pendingCount());
        } finally {
            lock.unlock();
        }
    }

    /** PUBACK from the client [MQTT-4.3.2]: the sequence number of the copy it completes, or -1. */
    public long acknowledged(int packetId) {
        return complete(packetId, Outgoing.State.AWAITING_PUBACK);
    }

    /** PUBCOMP from the client [MQTT-4.3.3]: the sequence number of the copy it completes, or -1. */
    public long completed(int packetId) {
        return complete(packetId, Outgoing.State.AWAITING_PUBCOMP);
    }

    /**
     * PUBREC from the client: answer PUBREL [MQTT-4.3.3-4]; a failure reason code (5.0) ends the exchange.
     * An unknown packet id gets PUBREL 0x92 in 5.0. Returns the sequence number of the copy, or -1.
     */
    public long received(int packetId, ReasonCode reasonCode) {
        return received(packetId, reasonCode, true);
    }

    /**
     * As {@link #received(int, ReasonCode)}; with {@code sendRelease} false the PUBREL for a known copy is left to
     * the caller (a persistent session's goes out once the route stage has journaled the PUBREC).
     */
    public long received(int packetId, ReasonCode reasonCode, boolean sendRelease) {
        lock.lock();
        try {
            return delivery.received(packetId, reasonCode, sendRelease);
        } finally {
            lock.unlock();
        }
    }

    /** Inbound QoS 2: true when this packet id is new, false for a resend of one awaiting PUBREL [MQTT-4.3.3-9]. */
    public boolean beginInboundExactlyOnce(int packetId) {
        lock.lock();
        try {
            if (awaitingRelease == null) {
                awaitingRelease = new HashSet<>(4);
            }
            return awaitingRelease.add(packetId);
        } finally {
            lock.unlock();
        }
    }

    /** Inbound PUBREL: the packet id is free again; false if it was not known. */
    public boolean releaseInbound(int packetId) {
        lock.lock();
        try {
            return awaitingRelease != null && awaitingRelease.remove(packetId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Route stage only (checkpoints; a session that becomes persistent): writes this session's whole state —
     * expiry, subscriptions, queued and in-flight copies, inbound QoS 2 ids awaiting PUBREL, a pending will.
     */
    public void writeTo(StateRecords records) {
        lock.lock();
        try {
            records.session(clientId, expiryIntervalSeconds, outbound.nextSequence());
            if (detachedAtMillis > 0) {
                records.detached(clientId, expiryIntervalSeconds, detachedAtMillis);
            }
            subscriptions.forEach((filter, options) -> records.subscribed(clientId, filter, options));
            outbound.writeTo(clientId, records);
            if (awaitingRelease != null) {
                awaitingRelease.forEach(packetId -> records.inbound(clientId, packetId));
            }
            PendingWill will = pendingWill;
            if (will != null) {
                records.willScheduled(clientId, will.stored(), will.publishAtMillis());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Start-up only, before the ring runs: a copy recovered from the journal, in sequence order. It counts as
     * sent before (DUP on its next send); one the client had already received (PUBREC) awaits PUBCOMP and
     * gets PUBREL when the client connects.
     */
    public void restore(long sequence, StoredMessage stored, QoS qos, boolean retain, List<Integer> identifiers,
                        boolean receivedByClient) {
        restore(sequence, stored, qos, retain, identifiers, receivedByClient, null);
    }

    /** As above, for a copy picked for shared subscription {@code shareGroup} (or null). */
    public void restore(long sequence, StoredMessage stored, QoS qos, boolean retain, List<Integer> identifiers,
                        boolean receivedByClient, String shareGroup) {
        lock.lock();
        try {
            Outgoing copy = new Outgoing(sequence, stored.message(), stored.receivedAtMillis(), qos, retain, identifiers);
            copy.duplicate = true;
            copy.shareGroup = shareGroup;
            outbound.restore(copy, receivedByClient && qos == QoS.EXACTLY_ONCE);
        } finally {
            lock.unlock();
        }
    }

    /** Start-up only: the next sequence number as journaled (never lower than one already restored). */
    public void restoreNextSequence(long sequence) {
        outbound.restoreNextSequence(sequence);
    }

    /** Payload bytes of the QoS 1/2 copies waiting beyond the window (the per-session byte limit), for metrics. */
    public long queuedBytes() {
        lock.lock();
        try {
            return outbound.pendingBytes();
        } finally {
            lock.unlock();
        }
    }

    /** Payload bytes of the PUBLISH packets waiting in the attached connection's writer, 0 without one. */
    public long writerBacklogBytes() {
        lock.lock();
        try {
            return delivery.writerBacklogBytes();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Route stage only: the session ended (discarded); every copy it held is dropped and its bytes leave the
     * memory budget. Anything offered later is dropped as for any session nobody subscribes for.
     */
    public void clearQueue() {
        lock.lock();
        try {
            outbound.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Messages in flight plus queued, for tests and metrics. */
    public int outboundDepth() {
        lock.lock();
        try {
            return outbound.size();
        } finally {
            lock.unlock();
        }
    }

    private long complete(int packetId, Outgoing.State expected) {
        lock.lock();
        try {
            return delivery.complete(packetId, expected);
        } finally {
            lock.unlock();
        }
    }
}
