package io.weft.core.store;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Thread-safe (any thread): a map of stored sessions that lives as long as the process. */
public final class InMemorySessionStore implements SessionStore {

    private final ConcurrentHashMap<String, StoredSession> sessions = new ConcurrentHashMap<>();

    @Override
    public void save(StoredSession session) {
        sessions.put(session.clientId(), session);
    }

    @Override
    public void remove(String clientId) {
        sessions.remove(clientId);
    }

    @Override
    public Collection<StoredSession> loadAll() {
        return List.copyOf(sessions.values());
    }
}
