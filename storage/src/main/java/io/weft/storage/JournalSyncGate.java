package io.weft.storage;

import io.weft.core.store.Durability;
import io.weft.core.codec.MqttPacket;
import io.weft.core.net.PacketSink;
import io.weft.core.store.SyncGate;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * {@link #send} runs on the route stage and never blocks; the platform thread {@code weft-journal-sync} owns
 * the syncing. An acknowledgement leaves only after a sync that began after it was given: the route stage
 * gives it once its records are appended, so that sync covers them. Acknowledgements leave in order.
 * {@code fsync-batch} syncs every interval; {@code fsync-each} as soon as an acknowledgement waits (group
 * commit: what arrives during one fsync goes with the next).
 */
final class JournalSyncGate implements SyncGate {

    private static final System.Logger LOG = System.getLogger(JournalSyncGate.class.getName());

    /** Forces the journal's files to disk. */
    @FunctionalInterface
    interface Syncer {
        void sync() throws IOException;
    }

    private record Pending(PacketSink origin, MqttPacket acknowledgement) {
    }

    private final Durability durability;
    private final long intervalNanos;
    private final Syncer syncer;
    /** Bytes both journals have written: a sync is needed when it moved. */
    private final LongSupplier written;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final long initialBytes;
    private volatile boolean closing;
    /** Written by the sync thread only. */
    private volatile long syncs;

    JournalSyncGate(Durability durability, Duration interval, LongSupplier written, Syncer syncer) {
        if (durability == Durability.OS_CACHE) {
            throw new IllegalArgumentException("os-cache needs no sync gate");
        }
        this.durability = durability;
        this.intervalNanos = interval.toNanos();
        this.syncer = syncer;
        this.written = written;
        this.initialBytes = written.getAsLong();
        this.thread = Thread.ofPlatform().name("weft-journal-sync").daemon().unstarted(this::run);
        thread.start();
    }

    @Override
    public void send(PacketSink origin, MqttPacket acknowledgement) {
        waiting.add(new Pending(origin, acknowledgement));
        if (durability == Durability.FSYNC_EACH) {
            LockSupport.unpark(thread);
        }
    }

    /** How many syncs have completed. */
    long syncs() {
        return syncs;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        long syncedBytes = initialBytes;
        long nextSync = System.nanoTime() + intervalNanos;
        while (true) {
            boolean stopping = closing;
            if (!stopping) {
                if (durability == Durability.FSYNC_BATCH) {
                    long wait = nextSync - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(this, wait);
                        continue;
                    }
                } else if (waiting.isEmpty()) {
                    // fsync-each: woken by send; records without acknowledgements are synced at the interval
                    LockSupport.parkNanos(this, intervalNanos);
                    if (waiting.isEmpty() && System.nanoTime() - nextSync < 0) {
                        continue;
                    }
                }
                nextSync = System.nanoTime() + intervalNanos;
            }
            // only what waits before the sync begins goes out after it
            for (Pending pending; (pending = waiting.poll()) != null; ) {
                batch.add(pending);
            }
            long bytes = written.getAsLong();
            if (bytes != syncedBytes || !batch.isEmpty()) {
                sync();
                syncedBytes = bytes;
            }
            for (Pending pending : batch) {
                pending.origin().send(pending.acknowledgement());
            }
            batch.clear();
            if (stopping) {
                return;
            }
        }
    }

    private void sync() {
        try {
            syncer.sync();
        } catch (IOException | RuntimeException e) {
            // acknowledgements still leave: holding them would stall every publisher for good
            LOG.log(System.Logger.Level.ERROR, "journal sync failed; acknowledged messages may not survive a"
                    + " power loss", e);
        }
        syncs++;
    }

    /** Syncs, releases what waits, and stops the thread. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
