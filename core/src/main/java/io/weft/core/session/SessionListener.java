package io.weft.core.session;

/**
 * What the registry tells the rest of the broker about sessions; the dispatch ring turns each call into a
 * ring event, so that the route stage sees (and journals) session changes in order with everything else.
 * Called on connection reader threads and the expiry timer; must not block for long.
 */
public interface SessionListener {

    /** A CONNECT created or resumed the session (its expiry may have changed). */
    void claimed(Session session);

    /** Its connection ended at {@code atMillis} (wall clock) and the session lives on. */
    void detached(Session session, long atMillis);

    /** The session ended: its subscriptions and queued messages go. */
    void discarded(Session session);

    /** The session's will waits for its delay [MQTT-3.1.3-9]. */
    void willDelayed(Session session, PendingWill will);

    /** The will is due (its delay passed or its session ended): publish it; it is no longer pending. */
    void willDue(Session session, PendingWill will);

    /** A new connection to the session cancelled its pending will [MQTT-3.1.3-9]. */
    void willCancelled(Session session);
}
