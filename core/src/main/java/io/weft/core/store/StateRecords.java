package io.weft.core.store;

import io.weft.core.codec.QoS;
import io.weft.core.session.SubscriptionOptions;

import java.util.List;

/**
 * The records of the state journal: every change to persistent sessions and retained messages, in the order
 * the route stage made it. The same records are written at run time ({@link StateLog}), written again as a
 * checkpoint of the live state, and replayed into the broker at start-up.
 *
 * <p>Queued copies are identified by {@code (clientId, sequence)}: a session numbers its QoS 1/2 copies
 * from 0 and derives each one's packet id from its number, so that a copy keeps its packet id across a
 * restart [MQTT-4.4.0-1].
 */
public interface StateRecords {

    /** A persistent session was created or resumed, or its expiry changed. */
    void session(String clientId, long expiryIntervalSeconds, long nextSequence);

    /** Its connection ended at {@code atMillis} (wall clock); the expiry interval runs from there. */
    void detached(String clientId, long expiryIntervalSeconds, long atMillis);

    /** The session ended (clean start, expiry, or a connection ending with expiry 0). */
    void discarded(String clientId);

    void subscribed(String clientId, String filter, SubscriptionOptions options);

    void unsubscribed(String clientId, String filter);

    /**
     * A QoS 1/2 copy queued for the session, with the message inline. At run time the route stage writes
     * {@link StateLog#enqueued} with the message's id instead; replay turns that into this record.
     */
    void entry(String clientId, long sequence, StoredMessage message, QoS qos, boolean retain,
               List<Integer> subscriptionIdentifiers);

    /**
     * Copy {@code sequence}, journaled just before, was picked for a member of shared subscription
     * {@code shareGroup} ({@code $share/name/filter}): it may go to another member when this one leaves. A store
     * that does not keep this record restores the copy as a plain one of its session.
     */
    default void sharedCopy(String clientId, long sequence, String shareGroup) {
    }

    /** PUBREC from the subscriber: the copy now awaits PUBCOMP [MQTT-4.3.3]. */
    void received(String clientId, long sequence);

    /** The copy is done with: PUBACK, PUBCOMP, a failed PUBREC, or dropped. */
    void completed(String clientId, long sequence);

    /** An inbound QoS 2 PUBLISH was accepted; its packet id awaits PUBREL [MQTT-4.3.3-9]. */
    void inbound(String clientId, int packetId);

    /** PUBREL from the publisher: the packet id is free again. */
    void released(String clientId, int packetId);

    /**
     * The session's connection ended and its will waits until {@code publishAtMillis} (wall clock) or the end of
     * the session, whichever comes first [MQTT-3.1.3-9].
     */
    void willScheduled(String clientId, StoredMessage will, long publishAtMillis);

    /** The session's pending will is gone: published, or cancelled by a new connection [MQTT-3.1.3-9]. */
    void willCancelled(String clientId);

    /** The retained message of its topic (any QoS) [MQTT-3.3.1-5]. */
    void retained(StoredMessage message);

    /** The topic no longer has a retained message [MQTT-3.3.1-10]. */
    void retainCleared(String topic);
}
