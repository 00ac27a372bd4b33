package io.weft.core.session;

import io.weft.core.store.StoredMessage;

/**
 * A will whose publication waits for its Will Delay Interval or the end of the session, whichever comes first
 * [MQTT-3.1.3-9]. Immutable; held by its session while pending.
 *
 * @param message          the will as it will be published (without the Will Delay Interval property)
 * @param receivedAtMillis when the connection that carried it ended (wall clock)
 * @param publishAtMillis  when it is due (wall clock), so that the time a broker is down counts
 */
public record PendingWill(Message message, long receivedAtMillis, long publishAtMillis) {

    public static PendingWill of(StoredMessage stored, long publishAtMillis) {
        return new PendingWill(stored.message(), stored.receivedAtMillis(), publishAtMillis);
    }

    public StoredMessage stored() {
        return new StoredMessage(message, receivedAtMillis);
    }
}
