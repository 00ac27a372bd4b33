package io.weft.core;

import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.QoS;
import io.weft.core.dispatch.DispatchRing;
import io.weft.core.session.Message;
import io.weft.core.session.PendingWill;
import io.weft.core.session.Session;
import io.weft.core.session.SessionRegistry;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.StateRecords;
import io.weft.core.store.StoredMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Start-up only, on the thread that starts the broker: folds the replayed state journal into the sessions,
 * subscriptions, queues and retained messages it describes, then hands them to the registry and the ring.
 * Message expiry counts the time the broker was down: an expired copy is not restored, a live one is
 * restored with the interval that remains [MQTT-3.3.2-6].
 */
final class Recovery implements StateRecords {

    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

    private final Map<String, Recovered> sessions = new LinkedHashMap<>();
    private final Map<String, StoredMessage> retained = new LinkedHashMap<>();
    private long orphanRecords;
    private long expiredMessages;

    private static final class Recovered {
        long expiryIntervalSeconds;
        long nextSequence;
        long detachedAtMillis;
        final Map<String, SubscriptionOptions> subscriptions = new LinkedHashMap<>();
        final TreeMap<Long, Copy> copies = new TreeMap<>();
        final Set<Integer> inbound = new LinkedHashSet<>();
        PendingWill will;
    }

    private record Copy(StoredMessage message, QoS qos, boolean retain, List<Integer> identifiers, boolean received,
                        String shareGroup) {
    }

    /** A restored session and when its connection ended (for its expiry). */
    record Restored(Session session, long detachedAtMillis) {
    }

    @Override
    public void session(String clientId, long expiryIntervalSeconds, long nextSequence) {
        Recovered session = sessions.computeIfAbsent(clientId, id -> new Recovered());
        session.expiryIntervalSeconds = expiryIntervalSeconds;
        session.nextSequence = Math.max(session.nextSequence, nextSequence);
        session.detachedAtMillis = 0; // connected again
        session.will = null; // a new connection cancels a pending will [MQTT-3.1.3-9]
    }

    @Override
    public void detached(String clientId, long expiryIntervalSeconds, long atMillis) {
        Recovered session = known(clientId);
        if (session != null) {
            session.expiryIntervalSeconds = expiryIntervalSeconds;
            session.detachedAtMillis = atMillis;
        }
    }

    @Override
    public void discarded(String clientId) {
        sessions.remove(clientId);
    }

    @Override
    public void subscribed(String clientId, String filter, SubscriptionOptions options) {
        Recovered session = known(clientId);
        if (session != null) {
            session.subscriptions.put(filter, options);
        }
    }

    @Override
    public void unsubscribed(String clientId, String filter) {
        Recovered session = known(clientId);
        if (session != null) {
            session.subscriptions.remove(filter);
        }
    }

    @Override
    public void entry(String clientId, long sequence, StoredMessage message, QoS qos, boolean retain,
                      List<Integer> subscriptionIdentifiers) {
        Recovered session = known(clientId);
        if (session != null) {
            session.copies.put(sequence, new Copy(message, qos, retain, subscriptionIdentifiers, false, null));
            session.nextSequence = Math.max(session.nextSequence, sequence + 1);
        }
    }

    @Override
    public void received(String clientId, long sequence) {
        Recovered session = known(clientId);
        Copy copy = session == null ? null : session.copies.get(sequence);
        if (copy != null) {
            session.copies.put(sequence, new Copy(copy.message, copy.qos, copy.retain, copy.identifiers, true,
                    copy.shareGroup));
        }
    }

    @Override
    public void sharedCopy(String clientId, long sequence, String shareGroup) {
        Recovered session = known(clientId);
        Copy copy = session == null ? null : session.copies.get(sequence);
        if (copy != null) {
            session.copies.put(sequence, new Copy(copy.message, copy.qos, copy.retain, copy.identifiers, copy.received,
                    shareGroup));
        }
    }

    @Override
    public void completed(String clientId, long sequence) {
        Recovered session = known(clientId);
        if (session != null) {
            session.copies.remove(sequence);
        }
    }

    @Override
    public void inbound(String clientId, int packetId) {
        Recovered session = known(clientId);
        if (session != null) {
            session.inbound.add(packetId);
        }
    }

    @Override
    public void released(String clientId, int packetId) {
        Recovered session = known(clientId);
        if (session != null) {
            session.inbound.remove(packetId);
        }
    }

    @Override
    public void willScheduled(String clientId, StoredMessage will, long publishAtMillis) {
        Recovered session = known(clientId);
        if (session != null) {
            session.will = PendingWill.of(will, publishAtMillis);
        }
    }

    @Override
    public void willCancelled(String clientId) {
        Recovered session = known(clientId);
        if (session != null) {
            session.will = null;
        }
    }

    @Override
    public void retained(StoredMessage message) {
        retained.put(message.message().topic(), message);
    }

    @Override
    public void retainCleared(String topic) {
        retained.remove(topic);
    }

    /**
     * Creates the recovered sessions in {@code registry} with their queues and inbound ids, and gives the
     * ring their subscriptions and the retained messages. Call before the ring starts.
     */
    List<Restored> applyTo(SessionRegistry registry, DispatchRing ring, long nowMillis) {
        List<Restored> restored = new ArrayList<>(sessions.size());
        Map<Session, Map<String, SubscriptionOptions>> subscriptions = new HashMap<>();
        long copies = 0;
        long wills = 0;
        for (Map.Entry<String, Recovered> entry : sessions.entrySet()) {
            Recovered recovered = entry.getValue();
            Session session = registry.restore(entry.getKey(), recovered.expiryIntervalSeconds);
            session.restoreNextSequence(recovered.nextSequence);
            for (Map.Entry<Long, Copy> queued : recovered.copies.entrySet()) {
                Copy copy = queued.getValue();
                StoredMessage live = unexpired(copy.message, nowMillis);
                if (live != null) {
                    session.restore(queued.getKey(), live, copy.qos, copy.retain, copy.identifiers, copy.received,
                            copy.shareGroup);
                    copies++;
                }
            }
            recovered.inbound.forEach(session::beginInboundExactlyOnce);
            session.pendingWill(recovered.will); // the registry publishes or schedules it once the ring runs
            wills += recovered.will == null ? 0 : 1;
            // A session connected when the broker stopped counts its expiry from now.
            long detachedAt = recovered.detachedAtMillis == 0 ? nowMillis : recovered.detachedAtMillis;
            session.detachedAtMillis(detachedAt);
            subscriptions.put(session, recovered.subscriptions);
            restored.add(new Restored(session, detachedAt));
        }
        List<StoredMessage> retainedMessages = new ArrayList<>(retained.size());
        for (StoredMessage message : retained.values()) {
            StoredMessage live = unexpired(message, nowMillis);
            if (live != null) {
                retainedMessages.add(live);
            }
        }
        ring.restore(retainedMessages, subscriptions);
        LOG.log(System.Logger.Level.INFO, "recovered {0} sessions, {1} queued messages, {2} retained messages, "
                + "{3} pending wills ({4} expired while stored, {5} records for unknown sessions ignored)",
                restored.size(), copies, retainedMessages.size(), wills, expiredMessages, orphanRecords);
        return restored;
    }

    private Recovered known(String clientId) {
        Recovered session = sessions.get(clientId);
        if (session == null) {
            orphanRecords++;
        }
        return session;
    }

    /** The message with its remaining expiry interval, or null once that has run out [MQTT-3.3.2-5]. */
    private StoredMessage unexpired(StoredMessage stored, long nowMillis) {
        Message message = stored.message();
        Long interval = message.properties().fourByteInteger(PropertyId.MESSAGE_EXPIRY_INTERVAL);
        if (interval == null) {
            return stored;
        }
        long elapsedSeconds = Math.max(0, nowMillis - stored.receivedAtMillis()) / 1000;
        long remaining = interval - elapsedSeconds;
        if (remaining <= 0) {
            expiredMessages++;
            return null;
        }
        MqttProperties properties = message.properties().toBuilder()
                .put(PropertyId.MESSAGE_EXPIRY_INTERVAL, remaining).build();
        return new StoredMessage(new Message(message.topic(), message.payload(), message.qos(), message.retain(),
                properties, message.publisherId()), nowMillis);
    }
}
