package io.weft.core.store;

import io.weft.core.session.Message;

/**
 * Storage port: the journal of QoS 1/2 messages, appended by the ring's persist stage (its only writer)
 * before the message is routed and acknowledged. Queued copies in {@link StateLog} refer to a message by
 * the id returned here. {@link #NONE} is {@code persistence: none}.
 */
public interface MessageLog extends AutoCloseable {

    /** Keeps nothing: the broker's in-memory state is all there is. */
    MessageLog NONE = (message, receivedAtMillis) -> -1;

    /**
     * Persist stage only: appends one message; returns its id, which grows with every append and is never
     * negative, or -1 when nothing is kept.
     */
    long append(Message message, long receivedAtMillis);

    @Override
    default void close() {
    }
}
