package io.weft.storage;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Used by the thread opening a journal. A cycle file whose tail was cut off (a truncated file, zeroed pages
 * after a power loss) still tells Chronicle's appender to write after the lost tail, where no reader ever
 * looks: records appended after such damage would be lost silently. So before a journal is used, its last
 * cycle is checked; when its readable end is not Chronicle's last index, the readable records are copied
 * into a fresh file of the same cycle (same indexes, so message ids stay valid) and the damaged file is kept
 * beside it as {@code <name>.cq4.damaged}.
 */
final class JournalRepair {

    private static final System.Logger LOG = System.getLogger(JournalRepair.class.getName());

    private JournalRepair() {
    }

    /** The last readable index of the last cycle if the tail is damaged; -1 when it is intact. */
    static long damagedTail(SingleChronicleQueue queue) {
        int lastCycle = queue.lastCycle();
        if (lastCycle == Integer.MIN_VALUE) {
            return -1;
        }
        long readable = -1;
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToCycle(lastCycle)) {
                return -1;
            }
            while (true) {
                try (DocumentContext context = tailer.readingDocument()) {
                    if (!context.isPresent()) {
                        break;
                    }
                    readable = context.index();
                }
            }
        }
        return readable >= 0 && queue.lastIndex() != readable ? readable : -1;
    }

    /**
     * Copies the readable records of the cycle of {@code lastReadable} into a fresh file and swaps it in.
     * {@code queue} is closed by the caller afterwards and must be opened anew.
     */
    static void rewrite(String name, SingleChronicleQueue queue, Path damagedFile, long lastReadable)
            throws IOException {
        RollCycle rollCycle = queue.rollCycle();
        int cycle = rollCycle.toCycle(lastReadable);
        Path directory = damagedFile.getParent();
        Path repairDirectory = directory.resolveSibling(directory.getFileName() + ".repair");
        deleteRecursively(repairDirectory);
        long cycleStartMillis = cycle * (long) rollCycle.lengthInMillis() + queue.epoch();
        long copied = 0;
        long lastCopied = -1;
        try (SingleChronicleQueue repaired = SingleChronicleQueueBuilder.binary(repairDirectory)
                .rollCycle(rollCycle).timeProvider(new SetTimeProvider(cycleStartMillis * 1_000_000L)).build();
             ExcerptAppender appender = repaired.createAppender();
             ExcerptTailer tailer = queue.createTailer()) {
            tailer.moveToCycle(cycle);
            while (true) {
                try (DocumentContext context = tailer.readingDocument()) {
                    if (!context.isPresent()) {
                        break;
                    }
                    Bytes<?> bytes = context.wire().bytes();
                    try (DocumentContext target = appender.writingDocument()) {
                        target.wire().bytes().write(bytes);
                    }
                    lastCopied = appender.lastIndexAppended();
                    copied++;
                }
            }
        }
        if (lastCopied != lastReadable) {
            deleteRecursively(repairDirectory);
            throw new IOException("could not copy the readable records of " + damagedFile + " with their indexes"
                    + " (last readable 0x" + Long.toHexString(lastReadable) + ", copied up to 0x"
                    + Long.toHexString(lastCopied) + ")");
        }
        Files.move(damagedFile, damagedFile.resolveSibling(damagedFile.getFileName() + ".damaged"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.move(repairDirectory.resolve(damagedFile.getFileName()), damagedFile);
        deleteRecursively(repairDirectory);
        LOG.log(System.Logger.Level.WARNING, "{0} in {1}: the tail of {2} is unreadable after index 0x{3};"
                        + " its {4} readable records were copied to a fresh file and the damaged one kept as {2}.damaged",
                name, directory, damagedFile.getFileName(), Long.toHexString(lastReadable), copied);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
