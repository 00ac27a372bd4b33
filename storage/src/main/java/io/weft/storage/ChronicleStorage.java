package io.weft.storage;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.weft.core.store.Durability;
import io.weft.core.store.DiskQuota;
import io.weft.core.store.Stores;
import io.weft.core.store.SyncGate;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Owned by the broker's start-up and shut-down thread. The journal on disk: {@code <directory>/messages}
 * (appended by the persist stage) and {@code <directory>/state} (appended by the route stage), two Chronicle
 * queues, and the storage ports built on them. Close it (or its {@link Stores}) to sync, release waiting acknowledgements and close
 * both queues.
 */
public final class ChronicleStorage implements AutoCloseable {

    static {
        // Chronicle phones home unless told not to; this must run before any Chronicle class loads.
        if (System.getProperty("chronicle.analytics.disable") == null) {
            System.setProperty("chronicle.analytics.disable", "true");
        }
        // and it advertises itself in the log ("Leave your e-mail ...")
        if (System.getProperty("chronicle.announcer.disable") == null) {
            System.setProperty("chronicle.announcer.disable", "true");
        }
    }

    private final JournalQuota quota;
    private final Stores stores;
    private final JournalMetrics metrics;

    private ChronicleStorage(JournalQuota quota, Stores stores, JournalMetrics metrics) {
        this.quota = quota;
        this.stores = stores;
        this.metrics = metrics;
    }

    public static ChronicleStorage open(StorageSettings settings) throws StorageException {
        return open(settings, SystemTimeProvider.INSTANCE);
    }

    /** With a controllable clock, for tests of cycle rolling. */
    static ChronicleStorage open(StorageSettings settings, TimeProvider time) throws StorageException {
        Path directory = settings.directory().toAbsolutePath();
        Journal messages = openJournal("message journal", directory.resolve("messages"), settings, time);
        Journal state;
        try {
            state = openJournal("state journal", directory.resolve("state"), settings, time);
        } catch (StorageException e) {
            messages.close();
            throw e;
        }
        try {
            checkVersion(messages);
            checkVersion(state);
        } catch (StorageException e) {
            messages.close();
            state.close();
            throw e;
        }
        SyncGate gate = settings.durability() == Durability.OS_CACHE ? SyncGate.IMMEDIATE
                : new JournalSyncGate(settings.durability(), settings.syncInterval(),
                        () -> messages.bytesWritten() + state.bytesWritten(), () -> {
                            messages.force();
                            state.force();
                        });
        JournalQuota quota = new JournalQuota(List.of(messages, state), settings.maximumDiskBytes());
        JournalMetrics metrics = new JournalMetrics(quota);
        Stores stores = new Stores(new ChronicleMessageLog(messages, metrics.appendSeconds),
                new ChronicleStateLog(state, messages, quota::usedBytes), gate, quota);
        return new ChronicleStorage(quota, stores, metrics);
    }

    /**
     * Adds the journal's metrics ({@code weft_journal_append_seconds}, {@code weft_journal_disk_bytes}) to a
     * broker's registry; {@link #close()} removes them. Appends are timed whether or not this is called.
     */
    public void registerMetrics(PrometheusRegistry registry) {
        metrics.register(registry);
    }

    /** The message log, state log, sync gate and disk quota on this journal. */
    public Stores stores() {
        return stores;
    }

    /** The disk quota (also in {@link #stores()}). */
    public DiskQuota diskQuota() {
        return quota;
    }

    @Override
    public void close() {
        metrics.unregister();
        quota.close();
        stores.close(); // the sync gate, then the message and state logs, which close their queues
    }

    private static Journal openJournal(String name, Path directory, StorageSettings settings, TimeProvider time)
            throws StorageException {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StorageException("cannot create the " + name + " directory " + directory + ": " + e, e);
        }
        if (!Files.isWritable(directory)) {
            throw new StorageException("the " + name + " directory " + directory + " is not writable");
        }
        try {
            return new Journal(name, directory, ChronicleRolls.rollCycle(settings.roll()), time, settings.blockSize());
        } catch (RuntimeException e) {
            throw new StorageException("cannot open the " + name + " in " + directory + ": " + e, e);
        }
    }

    /** A journal whose last record has a newer format was written by a newer Weft: refuse to touch it. */
    private static void checkVersion(Journal journal) throws StorageException {
        byte[] buffer = new byte[256];
        int[] length = new int[1];
        try (ExcerptTailer tailer = journal.tailer()) {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext context = tailer.readingDocument()) {
                if (!context.isPresent()) {
                    return;
                }
                buffer = Journal.read(context, buffer, length);
            }
        } catch (RuntimeException e) {
            throw new StorageException("cannot read the " + journal.name() + " in " + journal.directory() + ": "
                    + e, e);
        }
        try {
            new RecordDecoder().check(buffer, length[0]);
        } catch (RecordFormatException e) {
            if (e.newerVersion > 0) {
                throw new StorageException("the " + journal.name() + " in " + journal.directory()
                        + " has records of format version " + e.newerVersion + "; this build reads version "
                        + RecordEncoder.FORMAT_VERSION + " (written by a newer Weft?)");
            }
            // a damaged last record is reported and skipped by the replay
        }
    }
}
