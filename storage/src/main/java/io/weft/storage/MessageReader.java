package io.weft.storage;

import io.weft.core.store.StoredMessage;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Owned by the start-up thread during replay. Reads messages by id: sequentially while the ids come in
 * order, with {@code moveToIndex} otherwise; the last message is kept, since a message queued for many
 * sessions is asked for many times in a row.
 */
final class MessageReader implements AutoCloseable {

    private final Journal journal;
    private final ExcerptTailer tailer;
    private final RecordDecoder decoder = new RecordDecoder();
    private final int[] length = new int[1];
    private byte[] buffer = new byte[1024];
    private long lastId = -1;
    private StoredMessage lastMessage;
    /** Why the last {@link #read} returned null. */
    private String failure;

    MessageReader(Journal journal) {
        this.journal = journal;
        this.tailer = journal.tailer();
    }

    /** The message with this id, or null when it is missing or unreadable (see {@link #failure()}). */
    StoredMessage read(long id) {
        if (id == lastId && lastMessage != null) {
            return lastMessage;
        }
        lastId = id;
        lastMessage = null;
        if (!readNext(id)) {
            if (!tailer.moveToIndex(id) || !readNext(id)) {
                failure = "missing from the message journal";
                return null;
            }
        }
        try {
            lastMessage = decoder.message(buffer, length[0]);
            return lastMessage;
        } catch (RecordFormatException e) {
            if (e.newerVersion > 0) {
                throw new StorageFormatException(journal.name() + " in " + journal.directory()
                        + ": message at index 0x" + Long.toHexString(id) + " has format version "
                        + e.newerVersion + "; this build reads version " + RecordEncoder.FORMAT_VERSION
                        + " (written by a newer Weft?)");
            }
            failure = "unreadable (" + e.getMessage() + ")";
            return null;
        }
    }

    String failure() {
        return failure;
    }

    /** Reads the next excerpt if it is the one with {@code id}. */
    private boolean readNext(long id) {
        try (DocumentContext context = tailer.readingDocument()) {
            if (!context.isPresent() || context.index() != id) {
                if (context.isPresent()) {
                    context.rollbackOnClose();
                }
                return false;
            }
            buffer = Journal.read(context, buffer, length);
            return true;
        }
    }

    @Override
    public void close() {
        tailer.close();
    }
}
