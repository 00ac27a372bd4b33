package io.weft.core.store;

import io.weft.core.session.Message;

import java.util.Collection;

/**
 * Storage port: retained messages, written by the route stage (its only writer) and read at start-up.
 * The live index the route stage matches against is in memory; this port is what makes it survive a
 * restart once the storage module implements it.
 */
public interface RetainedStore extends AutoCloseable {

    /** Keeps nothing beyond the route stage's in-memory index. */
    RetainedStore NONE = new RetainedStore() {
        @Override
        public void put(Message message) {
        }

        @Override
        public void remove(String topic) {
        }

        @Override
        public Collection<Message> loadAll() {
            return java.util.List.of();
        }
    };

    void put(Message message);

    void remove(String topic);

    Collection<Message> loadAll();

    @Override
    default void close() {
    }
}
