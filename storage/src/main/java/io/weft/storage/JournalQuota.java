package io.weft.storage;

import io.weft.core.store.DiskQuota;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Read from any thread (a volatile read); refreshed every 250 ms by its own daemon thread
 * {@code weft-journal-quota}, which sums the sizes of the files in both journals' directories.
 */
final class JournalQuota implements DiskQuota, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JournalQuota.class.getName());
    static final long REFRESH_MILLIS = 250;

    private final List<Journal> journals;
    private final long maximumBytes;
    private final ScheduledExecutorService refresher;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile long usedBytes;
    private volatile boolean full;

    JournalQuota(List<Journal> journals, long maximumBytes) {
        this.journals = List.copyOf(journals);
        this.maximumBytes = maximumBytes;
        refresh();
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                task -> Thread.ofPlatform().name("weft-journal-quota").daemon().unstarted(task));
        refresher.scheduleWithFixedDelay(this::refresh, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean full() {
        return full;
    }

    @Override
    public long usedBytes() {
        return usedBytes;
    }

    void refresh() {
        refreshing.lock(); // the quota thread, and tests calling directly
        try {
            measure();
        } finally {
            refreshing.unlock();
        }
    }

    private void measure() {
        long total = 0;
        try {
            for (Journal journal : journals) {
                total += journal.diskBytes();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "journal: could not measure disk use", e);
            return;
        }
        usedBytes = total;
        boolean nowFull = maximumBytes > 0 && total >= maximumBytes;
        if (nowFull != full) {
            full = nowFull;
            if (nowFull) {
                LOG.log(System.Logger.Level.WARNING, "journal in {0} is full: {1} bytes used of {2}; new QoS 1/2"
                        + " publishes are refused until a checkpoint frees space", journals.getFirst().directory()
                        .getParent(), total, maximumBytes);
            } else {
                LOG.log(System.Logger.Level.INFO, "journal in {0} has room again: {1} bytes used of {2}",
                        journals.getFirst().directory().getParent(), total, maximumBytes);
            }
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
