package io.weft.core.store;

import io.weft.core.session.Message;

/**
 * A message as the journal keeps it: with the wall-clock time it arrived, so that message expiry counts
 * the time the broker was down.
 */
public record StoredMessage(Message message, long receivedAtMillis) {
}
