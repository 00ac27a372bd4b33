package io.weft.core.testing;

import io.weft.core.codec.QoS;
import io.weft.core.session.Message;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.DiskQuota;
import io.weft.core.store.MessageLog;
import io.weft.core.store.StateLog;
import io.weft.core.store.StateRecords;
import io.weft.core.store.StoredMessage;
import io.weft.core.store.Stores;
import io.weft.core.store.SyncGate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Written by the ring's stages, replayed by the next broker: a journal in memory that outlives a broker,
 * so core's tests can restart a broker on the same state without the storage module. A checkpoint replaces
 * everything before it, as the real journal's deletion does.
 */
public final class InMemoryJournal implements MessageLog, StateLog {

    private final Map<Long, StoredMessage> messages = new ConcurrentHashMap<>();
    private final AtomicLong nextMessageId = new AtomicLong();
    private final List<Consumer<StateRecords>> records = new CopyOnWriteArrayList<>();
    private volatile boolean checkpointRequested;
    private volatile int checkpoints;

    /** The ports a broker needs, backed by this journal; acknowledgements go out at once. */
    public Stores stores() {
        return new Stores(this, this, SyncGate.IMMEDIATE, DiskQuota.UNLIMITED);
    }

    /** The next ring batch writes a checkpoint. */
    public void requestCheckpoint() {
        checkpointRequested = true;
    }

    public int checkpoints() {
        return checkpoints;
    }

    /** State records written so far (since the last checkpoint, which counts its own records). */
    public int recordCount() {
        return records.size();
    }

    /** Nothing to release; the journal outlives the broker that closes its stores. */
    @Override
    public void close() {
    }


    @Override
    public long append(Message message, long receivedAtMillis) {
        long id = nextMessageId.getAndIncrement();
        messages.put(id, new StoredMessage(message, receivedAtMillis));
        return id;
    }

    @Override
    public void enqueued(String clientId, long sequence, long messageId, QoS qos, boolean retain,
                         List<Integer> subscriptionIdentifiers) {
        StoredMessage message = messages.get(messageId);
        records.add(target -> target.entry(clientId, sequence, message, qos, retain, subscriptionIdentifiers));
    }

    @Override
    public boolean checkpointDue() {
        return checkpointRequested;
    }

    @Override
    public void checkpoint(long lastRoutedMessageId, Consumer<StateRecords> liveState) {
        checkpointRequested = false;
        InMemoryJournal snapshot = new InMemoryJournal(); // records the checkpoint as this journal records anything
        liveState.accept(snapshot);
        records.clear();
        records.addAll(snapshot.records);
        messages.keySet().removeIf(id -> id <= lastRoutedMessageId);
        checkpoints++;
    }

    @Override
    public void replay(StateRecords recovery) {
        records.forEach(record -> record.accept(recovery));
    }

    @Override
    public void session(String clientId, long expiryIntervalSeconds, long nextSequence) {
        records.add(target -> target.session(clientId, expiryIntervalSeconds, nextSequence));
    }

    @Override
    public void detached(String clientId, long expiryIntervalSeconds, long atMillis) {
        records.add(target -> target.detached(clientId, expiryIntervalSeconds, atMillis));
    }

    @Override
    public void discarded(String clientId) {
        records.add(target -> target.discarded(clientId));
    }

    @Override
    public void subscribed(String clientId, String filter, SubscriptionOptions options) {
        records.add(target -> target.subscribed(clientId, filter, options));
    }

    @Override
    public void unsubscribed(String clientId, String filter) {
        records.add(target -> target.unsubscribed(clientId, filter));
    }

    @Override
    public void entry(String clientId, long sequence, StoredMessage message, QoS qos, boolean retain,
                      List<Integer> subscriptionIdentifiers) {
        records.add(target -> target.entry(clientId, sequence, message, qos, retain, subscriptionIdentifiers));
    }

    @Override
    public void sharedCopy(String clientId, long sequence, String shareGroup) {
        records.add(target -> target.sharedCopy(clientId, sequence, shareGroup));
    }

    @Override
    public void received(String clientId, long sequence) {
        records.add(target -> target.received(clientId, sequence));
    }

    @Override
    public void completed(String clientId, long sequence) {
        records.add(target -> target.completed(clientId, sequence));
    }

    @Override
    public void inbound(String clientId, int packetId) {
        records.add(target -> target.inbound(clientId, packetId));
    }

    @Override
    public void released(String clientId, int packetId) {
        records.add(target -> target.released(clientId, packetId));
    }

    @Override
    public void willScheduled(String clientId, StoredMessage will, long publishAtMillis) {
        records.add(target -> target.willScheduled(clientId, will, publishAtMillis));
    }

    @Override
    public void willCancelled(String clientId) {
        records.add(target -> target.willCancelled(clientId));
    }

    @Override
    public void retained(StoredMessage message) {
        records.add(target -> target.retained(message));
    }

    @Override
    public void retainCleared(String topic) {
        records.add(target -> target.retainCleared(topic));
    }
}
