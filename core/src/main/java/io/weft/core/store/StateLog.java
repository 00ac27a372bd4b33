package io.weft.core.store;

import io.weft.core.codec.QoS;
import io.weft.core.session.SubscriptionOptions;

import java.util.List;
import java.util.function.Consumer;

/**
 * Storage port: the state journal. Every method but {@link #replay} is called on the ring's route stage
 * only (its single writer); {@link #replay} runs once at start-up, before the ring starts.
 */
public interface StateLog extends StateRecords, AutoCloseable {

    /** Keeps nothing. */
    StateLog NONE = new NoStateLog();

    /** A copy of message {@code messageId} (an id from {@link MessageLog#append}) queued for a session. */
    void enqueued(String clientId, long sequence, long messageId, QoS qos, boolean retain,
                  List<Integer> subscriptionIdentifiers);

    /** Several copies of one session done with (a read's worth of acknowledgements); one record if it can. */
    default void completed(String clientId, long[] sequences) {
        for (long sequence : sequences) {
            completed(clientId, sequence);
        }
    }

    /** Whether enough has been written since the last checkpoint that a new one would free disk. Cheap. */
    boolean checkpointDue();

    /**
     * Writes a checkpoint: {@code liveState} writes the whole live state into the records it is given.
     * Messages with an id above {@code lastRoutedMessageId} are not yet routed and stay readable; everything
     * before the checkpoint that they do not need may then be deleted.
     */
    void checkpoint(long lastRoutedMessageId, Consumer<StateRecords> liveState);

    /**
     * Start-up: replays the last checkpoint and every record after it into {@code recovery}, with each
     * {@link #enqueued} record resolved into an {@link #entry} carrying its message.
     */
    void replay(StateRecords recovery);

    @Override
    default void close() {
    }

    /** {@code persistence: none}. */
    final class NoStateLog implements StateLog {
        private NoStateLog() {
        }

        @Override
        public void enqueued(String clientId, long sequence, long messageId, QoS qos, boolean retain,
                             List<Integer> subscriptionIdentifiers) {
        }

        @Override
        public boolean checkpointDue() {
            return false;
        }

        @Override
        public void checkpoint(long lastRoutedMessageId, Consumer<StateRecords> liveState) {
        }

        @Override
        public void replay(StateRecords recovery) {
        }

        @Override
        public void session(String clientId, long expiryIntervalSeconds, long nextSequence) {
        }

        @Override
        public void detached(String clientId, long expiryIntervalSeconds, long atMillis) {
        }

        @Override
        public void discarded(String clientId) {
        }

        @Override
        public void subscribed(String clientId, String filter, SubscriptionOptions options) {
        }

        @Override
        public void unsubscribed(String clientId, String filter) {
        }

        @Override
        public void entry(String clientId, long sequence, StoredMessage message, QoS qos, boolean retain,
                          List<Integer> subscriptionIdentifiers) {
        }

        @Override
        public void received(String clientId, long sequence) {
        }

        @Override
        public void completed(String clientId, long sequence) {
        }

        @Override
        public void inbound(String clientId, int packetId) {
        }

        @Override
        public void released(String clientId, int packetId) {
        }

        @Override
        public void willScheduled(String clientId, StoredMessage will, long publishAtMillis) {
        }

        @Override
        public void willCancelled(String clientId) {
        }

        @Override
        public void retained(StoredMessage message) {
        }

        @Override
        public void retainCleared(String topic) {
        }
    }
}
