package io.weft.core.store;

import io.weft.core.session.Message;

/**
 * Storage port: the journal of QoS 1/2 messages, appended by the ring's persist stage before the
 * message is routed and acknowledged. The Chronicle Queue implementation (storage module) makes the
 * append durable; {@link #NONE} is {@code persistence: none}, where state lives only in memory.
 */
public interface MessageLog extends AutoCloseable {

    /** Keeps nothing: the broker's in-memory state is all there is. */
    MessageLog NONE = (message, packetId) -> {
    };

    /** Called on the persist stage's thread only. */
    void append(Message message, int packetId);

    @Override
    default void close() {
    }
}
