package io.weft.storage;

import io.weft.core.codec.QoS;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.StateLog;
import io.weft.core.store.StateRecords;
import io.weft.core.store.StoredMessage;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Owned by the ring's route stage (its only writer); {@link #replay} runs on the start-up thread before the
 * ring starts. Each record is one excerpt of the state journal. A checkpoint rewrites the live state between
 * BEGIN and END records, then deletes the cycle files of both journals that nothing live needs any more.
 */
final class ChronicleStateLog implements StateLog {

    private static final System.Logger LOG = System.getLogger(ChronicleStateLog.class.getName());

    private final Journal state;
    private final Journal messages;
    private final RecordEncoder encoder;
    /** A checkpoint a crash cut short, to mark aborted before the next record; -1 when none. */
    private long incompleteCheckpoint = -1;
    private final java.util.function.LongSupplier diskUse;
    /** Checkpoint accounting, read by {@link #checkpointDue()} on the route stage. */
    private int lastCheckpointCycle = -1;
    private long lastCheckpointBytes;
    private long bytesAtLastCheckpoint;

    ChronicleStateLog(Journal state, Journal messages) {
        this(state, messages, () -> -1);
    }

    /** {@code diskUse}: the journal's bytes on disk, reported after each checkpoint. */
    ChronicleStateLog(Journal state, Journal messages, java.util.function.LongSupplier diskUse) {
        this.diskUse = diskUse;
        this.state = state;
        this.messages = messages;
        this.encoder = new RecordEncoder(this::write);
    }

    private void write(byte[] record, int length, RecordType type) {
        if (incompleteCheckpoint >= 0) {
            long begin = incompleteCheckpoint;
            incompleteCheckpoint = -1;
            new RecordEncoder((abort, abortLength, abortType) -> state.append(abort, abortLength))
                    .checkpointAborted(begin);
        }
        state.append(record, length);
    }

    private long bytesWritten() {
        return state.bytesWritten() + messages.bytesWritten();
    }

    /**
     * Once per cycle at most, when more was written since the last checkpoint than that checkpoint's size
     * (write amplification at most 2x), or when {@value #MAXIMUM_CYCLES_BETWEEN_CHECKPOINTS} cycles went by
     * (a large live state under a trickle of traffic must not pile up files).
     */
    @Override
    public boolean checkpointDue() {
        int cycle = Math.max(state.writtenCycle(), messages.writtenCycle());
        return cycle > lastCheckpointCycle && (bytesWritten() - bytesAtLastCheckpoint > lastCheckpointBytes
                || cycle - lastCheckpointCycle >= MAXIMUM_CYCLES_BETWEEN_CHECKPOINTS);
    }

    static final int MAXIMUM_CYCLES_BETWEEN_CHECKPOINTS = 64;

    @Override
    public void checkpoint(long lastRoutedMessageId, Consumer<StateRecords> liveState) {
        long started = System.nanoTime();
        long before = state.bytesWritten();
        encoder.checkpointBegin(lastRoutedMessageId);
        long begin = state.lastIndex();
        liveState.accept(encoder);
        encoder.checkpointEnd(begin);
        lastCheckpointBytes = state.bytesWritten() - before;
        bytesAtLastCheckpoint = bytesWritten();
        lastCheckpointCycle = Math.max(state.writtenCycle(), messages.writtenCycle());
        try {
            int stateFiles = state.deleteBefore(state.cycleOf(begin));
            int messageFiles = lastRoutedMessageId < 0 ? 0
                    : messages.deleteBefore(messages.cycleOf(lastRoutedMessageId));
            // The route stage waits for a checkpoint: its duration is worth seeing, as is what it freed.
            LOG.log(System.Logger.Level.INFO, "journal checkpoint: {0} bytes of live state in {1} ms; deleted {2} "
                    + "state and {3} message files; the journal holds {4} bytes on disk", lastCheckpointBytes,
                    (System.nanoTime() - started) / 1_000_000, stateFiles, messageFiles, diskUse.getAsLong());
        } catch (IOException e) {
            // the checkpoint itself is written; the files stay until the next one
            LOG.log(System.Logger.Level.WARNING, "journal in " + state.directory().getParent()
                    + ": could not delete old cycle files", e);
        }
    }

    /** Tests: a checkpoint's BEGIN alone, as a crash in the middle of a checkpoint leaves it. */
    void checkpointBeginForTest(long lastRoutedMessageId) {
        encoder.checkpointBegin(lastRoutedMessageId);
    }

    @Override
    public void replay(StateRecords recovery) {
        StateReplay.Outcome outcome = new StateReplay(state, messages, recovery).run();
        incompleteCheckpoint = outcome.incompleteCheckpoint();
        // What was just replayed counts as the last checkpoint, made in the newest cycle on disk: a restart must
        // not begin with a checkpoint of a large recovered state while clients drain it.
        lastCheckpointCycle = Math.max(state.lastCycleOnDisk(), messages.lastCycleOnDisk());
        lastCheckpointBytes = outcome.checkpointBytes() + outcome.bytesAfterCheckpoint();
        bytesAtLastCheckpoint = bytesWritten();
    }

    @Override
    public void close() {
        state.close();
    }

    @Override
    public void completed(String clientId, long[] sequences) {
        encoder.completedAll(clientId, sequences);
    }

    @Override
    public void enqueued(String clientId, long sequence, long messageId, QoS qos, boolean retain,
                         List<Integer> subscriptionIdentifiers) {
        encoder.enqueued(clientId, sequence, messageId, qos, retain, subscriptionIdentifiers);
    }

    @Override
    public void session(String clientId, long expiryIntervalSeconds, long nextSequence) {
        encoder.session(clientId, expiryIntervalSeconds, nextSequence);
    }

    @Override
    public void detached(String clientId, long expiryIntervalSeconds, long atMillis) {
        encoder.detached(clientId, expiryIntervalSeconds, atMillis);
    }

    @Override
    public void discarded(String clientId) {
        encoder.discarded(clientId);
    }

    @Override
    public void subscribed(String clientId, String filter, SubscriptionOptions options) {
        encoder.subscribed(clientId, filter, options);
    }

    @Override
    public void unsubscribed(String clientId, String filter) {
        encoder.unsubscribed(clientId, filter);
    }

    @Override
    public void entry(String clientId, long sequence, StoredMessage message, QoS qos, boolean retain,
                      List<Integer> subscriptionIdentifiers) {
        encoder.entry(clientId, sequence, message, qos, retain, subscriptionIdentifiers);
    }

    @Override
    public void sharedCopy(String clientId, long sequence, String shareGroup) {
        encoder.sharedCopy(clientId, sequence, shareGroup);
    }

    @Override
    public void received(String clientId, long sequence) {
        encoder.received(clientId, sequence);
    }

    @Override
    public void completed(String clientId, long sequence) {
        encoder.completed(clientId, sequence);
    }

    @Override
    public void inbound(String clientId, int packetId) {
        encoder.inbound(clientId, packetId);
    }

    @Override
    public void released(String clientId, int packetId) {
        encoder.released(clientId, packetId);
    }

    @Override
    public void willScheduled(String clientId, StoredMessage will, long publishAtMillis) {
        encoder.willScheduled(clientId, will, publishAtMillis);
    }

    @Override
    public void willCancelled(String clientId) {
        encoder.willCancelled(clientId);
    }

    @Override
    public void retained(StoredMessage message) {
        encoder.retained(message);
    }

    @Override
    public void retainCleared(String topic) {
        encoder.retainCleared(topic);
    }
}
