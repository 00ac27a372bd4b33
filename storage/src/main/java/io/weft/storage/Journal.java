package io.weft.storage;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appended by its one writer thread (persist stage for messages, route stage for state); synced by the
 * sync thread and measured by the quota thread through the release/acquire counters. One Chronicle queue
 * of raw binary records, one record per excerpt.
 */
final class Journal implements AutoCloseable {

    static final String SUFFIX = ".cq4";

    private final String name;
    private final Path directory;
    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final DateTimeFormatter cycleFormat;
    /** Cycles whose file Chronicle has mapped and not yet released (any thread). */
    private final Map<Integer, Integer> mapped = new ConcurrentHashMap<>();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicInteger writtenCycle = new AtomicInteger(-1);
    private final AtomicInteger firstWrittenCycle = new AtomicInteger(-1);
    private ExcerptAppender appender;
    private long lastIndex = -1;
    private int syncedFromCycle = -1;
    private final long blockSize;

    Journal(String name, Path directory, RollCycle rollCycle, TimeProvider time) {
        this(name, directory, rollCycle, time, 4L << 20);
    }

    /** {@code blockSize}: what Chronicle grows a file by; the largest record must fit in a quarter of it. */
    Journal(String name, Path directory, RollCycle rollCycle, TimeProvider time, long blockSize) {
        this.blockSize = blockSize;
        this.name = name;
        this.directory = directory;
        this.rollCycle = rollCycle;
        this.cycleFormat = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        SingleChronicleQueue opened = build(directory, rollCycle, time);
        long damagedTail = JournalRepair.damagedTail(opened);
        if (damagedTail >= 0) {
            Path file = fileOf(opened, rollCycle.toCycle(damagedTail));
            try {
                JournalRepair.rewrite(name, opened, file, damagedTail);
            } catch (IOException e) {
                opened.close();
                throw new UncheckedIOException("the tail of " + file + " is damaged and could not be repaired", e);
            }
            opened.close();
            opened = build(directory, rollCycle, time);
        }
        this.queue = opened;
    }

    private SingleChronicleQueue build(Path directory, RollCycle rollCycle, TimeProvider time) {
        // A small block keeps each cycle file small: Chronicle's default makes every file 80 MiB (sparse), which
        // the disk quota, reading file sizes, would count in full.
        return SingleChronicleQueueBuilder.binary(directory)
                .blockSize(blockSize)
                .rollCycle(rollCycle)
                .timeProvider(time)
                .storeFileListener(new StoreFileListener() {
                    @Override
                    public void onAcquired(int cycle, File file) {
                        mapped.merge(cycle, 1, Integer::sum);
                    }

                    @Override
                    public void onReleased(int cycle, File file) {
                        mapped.computeIfPresent(cycle, (key, count) -> count == 1 ? null : count - 1);
                    }
                })
                .build();
    }

    /** "message journal" or "state journal", for log lines. */
    String name() {
        return name;
    }

    Path directory() {
        return directory;
    }

    /** Writer thread only: appends one record; returns its index. */
    long append(byte[] record, int length) {
        if (appender == null) {
            appender = queue.createAppender();
        }
        try (DocumentContext context = appender.writingDocument()) {
            context.wire().bytes().write(record, 0, length);
        }
        lastIndex = appender.lastIndexAppended();
        bytesWritten.setRelease(bytesWritten.getPlain() + length);
        int cycle = rollCycle.toCycle(lastIndex);
        if (cycle != writtenCycle.getPlain()) {
            if (firstWrittenCycle.getPlain() < 0) {
                firstWrittenCycle.setRelease(cycle);
            }
            writtenCycle.setRelease(cycle);
        }
        return lastIndex;
    }

    /** Writer thread only: the index of the last record this process appended, or -1. */
    long lastIndex() {
        return lastIndex;
    }

    long bytesWritten() {
        return bytesWritten.getAcquire();
    }

    /** The newest cycle with a file, or -1 for an empty journal. */
    int lastCycleOnDisk() {
        return queue.lastCycle();
    }

    /** The cycle of the last append, or -1 before the first. */
    int writtenCycle() {
        return writtenCycle.getAcquire();
    }

    int cycleOf(long index) {
        return rollCycle.toCycle(index);
    }

    ExcerptTailer tailer() {
        return queue.createTailer();
    }

    /** Reads the excerpt {@code context} holds into {@code buffer} (grown when needed); returns the buffer. */
    static byte[] read(DocumentContext context, byte[] buffer, int[] length) {
        Bytes<?> bytes = context.wire().bytes();
        int remaining = (int) bytes.readRemaining();
        byte[] target = remaining <= buffer.length ? buffer : new byte[Math.max(remaining, buffer.length * 2)];
        bytes.read(target, 0, remaining);
        length[0] = remaining;
        return target;
    }

    /**
     * Sync thread only: forces every cycle file written since the last call to disk. On Linux fsync also
     * writes back the pages dirtied through Chronicle's shared mapping.
     */
    void force() throws IOException {
        int to = writtenCycle.getAcquire();
        if (to < 0) {
            return;
        }
        int from = syncedFromCycle < 0 ? firstWrittenCycle.getAcquire() : syncedFromCycle;
        for (int cycle = from; cycle <= to; cycle++) {
            Path file = fileOf(cycle);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(false);
            } catch (NoSuchFileException skipped) {
                // no record in that cycle, or a checkpoint deleted it: nothing to sync
            }
        }
        syncedFromCycle = to;
    }

    Path fileOf(int cycle) {
        return fileOf(queue, cycle);
    }

    private Path fileOf(SingleChronicleQueue of, int cycle) {
        long millis = cycle * (long) rollCycle.lengthInMillis() + of.epoch();
        return directory.resolve(cycleFormat.format(Instant.ofEpochMilli(millis)) + SUFFIX);
    }

    /**
     * Writer thread only: deletes the cycle files before {@code keepCycle} that Chronicle no longer maps;
     * a file still mapped stays for the next checkpoint. Returns how many files were deleted.
     */
    int deleteBefore(int keepCycle) throws IOException {
        String keep = fileOf(keepCycle).getFileName().toString();
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                if (fileName.compareTo(keep) < 0 && !isMapped(fileName)) {
                    Files.deleteIfExists(file);
                    deleted++;
                }
            }
        }
        if (deleted > 0) {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }

    private boolean isMapped(String fileName) {
        for (Integer cycle : mapped.keySet()) {
            if (fileOf(cycle).getFileName().toString().equals(fileName)) {
                return true;
            }
        }
        return false;
    }

    /** The size of every file in the queue's directory. */
    long diskBytes() throws IOException {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                try {
                    total += Files.size(file);
                } catch (NoSuchFileException deleted) {
                    // deleted by a checkpoint while listing
                }
            }
        }
        return total;
    }

    @Override
    public void close() {
        if (queue.isClosed()) {
            return;
        }
        if (appender != null) {
            appender.close();
        }
        queue.close();
    }
}
