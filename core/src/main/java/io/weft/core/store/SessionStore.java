package io.weft.core.store;

import io.weft.core.session.SubscriptionOptions;

import java.util.Collection;
import java.util.Map;

/**
 * Storage port: persistent sessions (their expiry and subscriptions). Written by the route stage when a
 * persistent session's subscriptions change and by the registry when a session is created or discarded;
 * read once at start-up. The durable implementation comes with the Chronicle Queue issue, which also
 * journals inflight and queued messages.
 */
public interface SessionStore extends AutoCloseable {

    /** A persistent session as stored. */
    record StoredSession(String clientId, long expiryIntervalSeconds, Map<String, SubscriptionOptions> subscriptions) {
        public StoredSession {
            subscriptions = Map.copyOf(subscriptions);
        }
    }

    void save(StoredSession session);

    void remove(String clientId);

    Collection<StoredSession> loadAll();

    @Override
    default void close() {
    }
}
