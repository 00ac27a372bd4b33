package io.weft.storage;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import io.weft.core.session.Message;
import io.weft.core.store.MessageLog;

/**
 * Owned by the ring's persist stage (its only writer). Appends each QoS 1/2 message as one excerpt of the
 * message journal; the id is the excerpt's Chronicle index. One append in {@link #TIMED_EVERY} is timed into
 * {@code weft_journal_append_seconds}.
 */
final class ChronicleMessageLog implements MessageLog {

    /**
     * A power of two. Timing every append (two clock reads and a histogram update, about 60 ns here) made an
     * append 11% slower in JournalAppendBenchmark; one in 64 is within its noise and still gives thousands of
     * samples a second under load (PERFORMANCE.md).
     */
    static final int TIMED_EVERY = 64;

    private final Journal journal;
    private final RecordEncoder encoder;
    private final Histogram appendSeconds;
    private final int timedMask;
    private int appends;

    ChronicleMessageLog(Journal journal, Histogram appendSeconds) {
        this(journal, appendSeconds, TIMED_EVERY);
    }

    /** {@code timedEvery}: a power of two; tests time every append with 1. */
    ChronicleMessageLog(Journal journal, Histogram appendSeconds, int timedEvery) {
        if (Integer.bitCount(timedEvery) != 1) {
            throw new IllegalArgumentException("timedEvery must be a power of two: " + timedEvery);
        }
        this.journal = journal;
        this.encoder = new RecordEncoder((record, length, type) -> journal.append(record, length));
        this.appendSeconds = appendSeconds;
        this.timedMask = timedEvery - 1;
    }

    @Override
    public long append(Message message, long receivedAtMillis) {
        if ((++appends & timedMask) != 0) {
            encoder.message(message, receivedAtMillis);
        } else {
            long started = System.nanoTime();
            encoder.message(message, receivedAtMillis);
            appendSeconds.observe(Unit.nanosToSeconds(System.nanoTime() - started));
        }
        return journal.lastIndex();
    }

    @Override
    public void close() {
        journal.close();
    }
}
