package io.weft.storage;

import io.weft.core.codec.QoS;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.StateRecords;
import io.weft.core.store.StoredMessage;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.wire.DocumentContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Owned by the start-up thread: one replay of the state journal into a {@link StateRecords}. Finds the last
 * complete checkpoint reading backwards from the tail, then replays forwards from its BEGIN, resolving each
 * enqueued copy's message. Unreadable records are reported and skipped; a newer format stops everything.
 */
final class StateReplay implements JournalRecords {

    private static final System.Logger LOG = System.getLogger(StateReplay.class.getName());

    /** What the replay found, for the state log's checkpoint accounting. */
    record Outcome(long checkpointEndIndex, long checkpointBytes, long bytesAfterCheckpoint,
                   long incompleteCheckpoint) {
    }

    private final Journal state;
    private final Journal messages;
    private final StateRecords recovery;
    private final RecordDecoder decoder = new RecordDecoder();
    private final int[] length = new int[1];
    private byte[] buffer = new byte[4096];
    private long index;
    private int replayed;
    private int skipped;
    private int lostMessages;
    private MessageReader messageReader;

    StateReplay(Journal state, Journal messages, StateRecords recovery) {
        this.state = state;
        this.messages = messages;
        this.recovery = recovery;
    }

    Outcome run() {
        long checkpointBegin = -1;
        long checkpointEnd = -1;
        long incompleteBegin = -1;
        Map<Long, Long> aborted = new HashMap<>(); // BEGIN index -> its ABORTED record's index
        try (ExcerptTailer tailer = state.tailer()) {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            while (checkpointEnd < 0) {
                try (DocumentContext context = tailer.readingDocument()) {
                    if (!context.isPresent()) {
                        break;
                    }
                    buffer = Journal.read(context, buffer, length);
                    index = context.index();
                }
                RecordType type = checkQuietly();
                if (type == RecordType.CHECKPOINT_END) {
                    checkpointEnd = index;
                    checkpointBegin = firstLong();
                } else if (type == RecordType.CHECKPOINT_ABORTED) {
                    aborted.put(firstLong(), index);
                } else if (type == RecordType.CHECKPOINT_BEGIN && !aborted.containsKey(index)) {
                    incompleteBegin = index; // the tail is a checkpoint the crash cut short
                }
            }
        }
        long checkpointBytes = 0;
        long bytesAfter = 0;
        try (ExcerptTailer tailer = state.tailer(); MessageReader reader = new MessageReader(messages)) {
            this.messageReader = reader;
            if (checkpointBegin >= 0 && !tailer.moveToIndex(checkpointBegin)) {
                LOG.log(System.Logger.Level.WARNING, "state journal in {0}: checkpoint at index 0x{1} not found;"
                        + " replaying from the start", state.directory(), Long.toHexString(checkpointBegin));
                tailer.toStart();
                checkpointEnd = -1;
            }
            long skipUntil = -1;
            while (true) {
                try (DocumentContext context = tailer.readingDocument()) {
                    if (!context.isPresent() || context.index() == incompleteBegin) {
                        break;
                    }
                    buffer = Journal.read(context, buffer, length);
                    index = context.index();
                }
                if (skipUntil < 0 && aborted.containsKey(index)) {
                    skipUntil = aborted.get(index);
                }
                if (skipUntil >= 0) {
                    skipUntil = index == skipUntil ? -1 : skipUntil;
                    continue;
                }
                if (checkpointEnd >= 0 && index <= checkpointEnd) {
                    checkpointBytes += length[0];
                } else {
                    bytesAfter += length[0];
                }
                replayOne();
            }
        } finally {
            messageReader = null;
        }
        if (incompleteBegin >= 0) {
            LOG.log(System.Logger.Level.WARNING, "state journal in {0}: checkpoint at index 0x{1} was not"
                    + " completed (crash during a checkpoint); ignored", state.directory(),
                    Long.toHexString(incompleteBegin));
        }
        LOG.log(skipped + lostMessages > 0 ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                "journal in {0}: replayed {1} state records ({2}), {3} unreadable records skipped,"
                        + " {4} queued messages lost", state.directory().getParent(), replayed,
                checkpointEnd >= 0 ? "from the checkpoint at index 0x" + Long.toHexString(checkpointBegin)
                        : "no checkpoint", skipped, lostMessages);
        return new Outcome(checkpointEnd, checkpointBytes, bytesAfter, incompleteBegin);
    }

    private RecordType checkQuietly() {
        try {
            return decoder.check(buffer, length[0]);
        } catch (RecordFormatException e) {
            throwIfNewer(e);
            return null;
        }
    }

    private long firstLong() {
        try {
            return decoder.firstLong();
        } catch (RecordFormatException e) {
            return -1;
        }
    }

    private void replayOne() {
        try {
            RecordType type = decoder.check(buffer, length[0]);
            decoder.decode(type, this);
            if (type.isState()) {
                replayed++;
            }
        } catch (RecordFormatException e) {
            throwIfNewer(e);
            skipped++;
            LOG.log(System.Logger.Level.WARNING, "state journal in {0}: record at index 0x{1} unreadable ({2}),"
                    + " skipped", state.directory(), Long.toHexString(index), e.getMessage());
        }
    }

    private void throwIfNewer(RecordFormatException e) {
        if (e.newerVersion > 0) {
            throw new StorageFormatException("state journal in " + state.directory() + ": record at index 0x"
                    + Long.toHexString(index) + " has format version " + e.newerVersion
                    + "; this build reads version " + RecordEncoder.FORMAT_VERSION + " (written by a newer Weft?)");
        }
    }

    @Override
    public void enqueued(String clientId, long sequence, long messageId, QoS qos, boolean retain,
                         List<Integer> subscriptionIdentifiers) {
        StoredMessage message = messageReader.read(messageId);
        if (message == null) {
            lostMessages++;
            LOG.log(System.Logger.Level.WARNING, "state journal in {0}: record at index 0x{1} refers to message"
                    + " 0x{2}, {3}; the copy queued for client {4} (sequence {5}) is lost", state.directory(),
                    Long.toHexString(index), Long.toHexString(messageId), messageReader.failure(), clientId,
                    sequence);
            return;
        }
        recovery.entry(clientId, sequence, message, qos, retain, subscriptionIdentifiers);
    }

    @Override
    public void checkpointBegin(long lastRoutedMessageId) {
    }

    @Override
    public void checkpointEnd(long beginIndex) {
    }

    @Override
    public void checkpointAborted(long beginIndex) {
    }

    @Override
    public void session(String clientId, long expiryIntervalSeconds, long nextSequence) {
        recovery.session(clientId, expiryIntervalSeconds, nextSequence);
    }

    @Override
    public void detached(String clientId, long expiryIntervalSeconds, long atMillis) {
        recovery.detached(clientId, expiryIntervalSeconds, atMillis);
    }

    @Override
    public void discarded(String clientId) {
        recovery.discarded(clientId);
    }

    @Override
    public void subscribed(String clientId, String filter, SubscriptionOptions options) {
        recovery.subscribed(clientId, filter, options);
    }

    @Override
    public void unsubscribed(String clientId, String filter) {
        recovery.unsubscribed(clientId, filter);
    }

    @Override
    public void entry(String clientId, long sequence, StoredMessage message, QoS qos, boolean retain,
                      List<Integer> subscriptionIdentifiers) {
        recovery.entry(clientId, sequence, message, qos, retain, subscriptionIdentifiers);
    }

    @Override
    public void sharedCopy(String clientId, long sequence, String shareGroup) {
        recovery.sharedCopy(clientId, sequence, shareGroup);
    }

    @Override
    public void received(String clientId, long sequence) {
        recovery.received(clientId, sequence);
    }

    @Override
    public void completed(String clientId, long sequence) {
        recovery.completed(clientId, sequence);
    }

    @Override
    public void inbound(String clientId, int packetId) {
        recovery.inbound(clientId, packetId);
    }

    @Override
    public void released(String clientId, int packetId) {
        recovery.released(clientId, packetId);
    }

    @Override
    public void willScheduled(String clientId, StoredMessage will, long publishAtMillis) {
        recovery.willScheduled(clientId, will, publishAtMillis);
    }

    @Override
    public void willCancelled(String clientId) {
        recovery.willCancelled(clientId);
    }

    @Override
    public void retained(StoredMessage message) {
        recovery.retained(message);
    }

    @Override
    public void retainCleared(String topic) {
        recovery.retainCleared(topic);
    }
}
