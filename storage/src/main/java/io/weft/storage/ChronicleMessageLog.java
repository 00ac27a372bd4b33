package io.weft.storage;

import io.weft.core.session.Message;
import io.weft.core.store.MessageLog;

/**
 * Owned by the ring's persist stage (its only writer). Appends each QoS 1/2 message as one excerpt of the
 * message journal; the id is the excerpt's Chronicle index.
 */
final class ChronicleMessageLog implements MessageLog {

    private final Journal journal;
    private final RecordEncoder encoder;

    ChronicleMessageLog(Journal journal) {
        this.journal = journal;
        this.encoder = new RecordEncoder((record, length, type) -> journal.append(record, length));
    }

    @Override
    public long append(Message message, long receivedAtMillis) {
        encoder.message(message, receivedAtMillis);
        return journal.lastIndex();
    }

    @Override
    public void close() {
        journal.close();
    }
}
