package io.weft.core.session;

import io.weft.core.metrics.BrokerCounters;
import io.weft.core.metrics.MemoryBudget;
import io.weft.core.net.Connection;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Thread-safe (called from every connection's reader thread): client id -> session. CONNECT and the end of
 * a connection are serialised by one ReentrantLock, so a takeover and an expiry never race; nothing blocks
 * under it. Session changes go to the {@link SessionListener} (the ring, which journals them).
 */
public final class SessionRegistry implements AutoCloseable {

    /** 0xFFFFFFFF: the session never expires (spec 3.1.2.11.2); also what 3.x clean session 0 means. */
    public static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final int inflightWindow;
    private final QueueLimits queueLimits;
    private final BrokerCounters counters;
    private final SessionListener listener;
    /** Session expiry and delayed wills; a task checks on firing whether it still applies. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("weft-session-timer").daemon(true).factory());

    /** Result of a CONNECT: the session to attach and whether it existed before [MQTT-3.2.2-2]. */
    public record Claim(Session session, boolean sessionPresent) {
    }

    public SessionRegistry(int inflightWindow, int maximumQueuedMessages, BrokerCounters counters,
                           SessionListener listener) {
        this(inflightWindow, QueueLimits.ofMessages(maximumQueuedMessages), counters, listener);
    }

    public SessionRegistry(int inflightWindow, QueueLimits queueLimits, BrokerCounters counters,
                           SessionListener listener) {
        this.inflightWindow = inflightWindow;
        this.queueLimits = queueLimits;
        this.counters = counters;
        this.listener = listener;
    }

    /**
     * Claims the session of {@code clientId} for a new connection: an existing connection is taken over
     * [MQTT-3.1.4-3]; clean start discards the old session [MQTT-3.1.2-4], otherwise it is resumed
     * [MQTT-3.1.2-5]. The caller sends CONNACK, then attaches its connection.
     */
    public Claim claim(String clientId, boolean cleanStart, long expiryIntervalSeconds) {
        lock.lock();
        try {
            Session existing = sessions.get(clientId);
            if (existing != null) {
                existing.takeOver();
                if (!cleanStart) {
                    cancelWill(existing); // a new connection before the will delay passed [MQTT-3.1.3-9]
                    existing.expiryIntervalSeconds(expiryIntervalSeconds);
                    listener.claimed(existing);
                    return new Claim(existing, true);
                }
                discard(existing); // the session ends, so a pending will is published now [MQTT-3.1.3-9]
            }
            Session created = newSession(clientId, expiryIntervalSeconds);
            sessions.put(clientId, created);
            listener.claimed(created);
            return new Claim(created, false);
        } finally {
            lock.unlock();
        }
    }

    /** Adds a session restored from storage at start-up (detached; the caller restores its state). */
    public Session restore(String clientId, long expiryIntervalSeconds) {
        Session restored = newSession(clientId, expiryIntervalSeconds);
        restored.journaled(true);
        sessions.put(clientId, restored);
        return restored;
    }

    /**
     * Start-up, once the ring runs: a restored session's expiry runs from when its connection ended, wall
     * clock, so the time the broker was down counts [MQTT-3.1.2-23]; one already past it is discarded now.
     * A pending will is published now if its time passed while the broker was down, or when the rest of its
     * delay has passed [MQTT-3.1.3-9].
     */
    public void resumeExpiry(Session session, long detachedAtMillis, long nowMillis) {
        lock.lock();
        try {
            PendingWill will = session.pendingWill();
            if (will != null) {
                scheduleWill(session, will, will.publishAtMillis() - nowMillis); // due now if that passed
            }
            long expiry = session.expiryIntervalSeconds();
            if (expiry == NEVER_EXPIRES || session.isConnected()) {
                return;
            }
            long remainingMillis = detachedAtMillis + expiry * 1000 - nowMillis;
            if (expiry == 0 || remainingMillis <= 0) {
                discard(session);
            } else {
                long generation = session.detachedGeneration();
                timer.schedule(() -> expire(session, generation), remainingMillis, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The connection of {@code session} ended. A session with expiry 0 ends with it [MQTT-3.1.2-4]; a
     * longer one is discarded when its interval passes without a new connection [MQTT-3.1.2-23].
     * {@code will} (or null) waits {@code willDelaySeconds} or until the session ends, whichever comes first;
     * it is dropped if a new connection took the session over already [MQTT-3.1.3-9].
     */
    public void connectionEnded(Session session, Connection connection, Message will, long willDelaySeconds) {
        lock.lock();
        try {
            long now = System.currentTimeMillis();
            if (!session.detach(connection)) {
                if (will != null && sessions.get(session.clientId()) != session) {
                    listener.willDue(session, new PendingWill(will, now, now)); // its session ended (clean start)
                }
                return; // taken over: the session lives on with the new connection
            }
            long expiry = session.expiryIntervalSeconds();
            if (expiry == 0) {
                if (will != null) {
                    listener.willDue(session, new PendingWill(will, now, now)); // the session ends now
                }
                discard(session);
                return;
            }
            listener.detached(session, now);
            if (will != null) {
                long delayMillis = Math.min(willDelaySeconds, expiry) * 1000;
                PendingWill pending = new PendingWill(will, now, now + delayMillis);
                session.pendingWill(pending);
                listener.willDelayed(session, pending);
                scheduleWill(session, pending, delayMillis);
            }
            if (expiry != NEVER_EXPIRES) {
                long generation = session.detachedGeneration();
                timer.schedule(() -> expire(session, generation), expiry, TimeUnit.SECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The broker-wide account of queued payload bytes ({@code limits.queued-memory}). */
    public MemoryBudget memoryBudget() {
        return queueLimits.budget();
    }

    public Session get(String clientId) {
        return sessions.get(clientId);
    }

    public Collection<Session> sessions() {
        return sessions.values();
    }

    public int size() {
        return sessions.size();
    }

    private void expire(Session session, long generation) {
        lock.lock();
        try {
            if (!session.isConnected() && session.detachedGeneration() == generation) {
                discard(session);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The session ends: a will still waiting for its delay is published first [MQTT-3.1.3-9]. */
    private void discard(Session session) {
        if (sessions.remove(session.clientId(), session)) {
            PendingWill will = session.pendingWill();
            if (will != null) {
                session.pendingWill(null);
                listener.willDue(session, will);
            }
            listener.discarded(session);
        }
    }

    /** Publishes {@code will} after {@code delayMillis} (at once if not positive) unless it is gone by then. */
    private void scheduleWill(Session session, PendingWill will, long delayMillis) {
        if (delayMillis <= 0) {
            willDue(session, will);
        } else {
            timer.schedule(() -> willDue(session, will), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void willDue(Session session, PendingWill will) {
        lock.lock();
        try {
            if (session.pendingWill() == will) {
                session.pendingWill(null);
                listener.willDue(session, will);
            }
        } finally {
            lock.unlock();
        }
    }

    private void cancelWill(Session session) {
        if (session.pendingWill() != null) {
            session.pendingWill(null);
            listener.willCancelled(session);
        }
    }

    private Session newSession(String clientId, long expiryIntervalSeconds) {
        return new Session(clientId, expiryIntervalSeconds, inflightWindow, queueLimits, counters);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
