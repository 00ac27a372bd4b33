package io.weft.storage;

import io.weft.core.store.JournalRoll;
import io.weft.core.store.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the journal is kept.
 *
 * @param directory        holds {@code messages/} and {@code state/}, one Chronicle queue each
 * @param syncInterval     how often {@code fsync-batch} syncs (ignored by the other levels)
 * @param maximumDiskBytes the cap on both queues' files together; 0 for no cap
 * @param maximumMessageBytes the largest message (a PUBLISH's maximum size will do): Chronicle's block size,
 *                         the unit its files grow by, is made four times that, at least 4 MiB
 */
public record StorageSettings(Path directory, Durability durability, Duration syncInterval,
                              long maximumDiskBytes, JournalRoll roll, int maximumMessageBytes) {

    public static final long GIBIBYTE = 1L << 30;

    public StorageSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(syncInterval, "syncInterval");
        Objects.requireNonNull(roll, "roll");
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("syncInterval must be positive, was " + syncInterval);
        }
        if (maximumMessageBytes < 1) {
            throw new IllegalArgumentException("maximumMessageBytes must be positive, was " + maximumMessageBytes);
        }
        if (maximumDiskBytes < 0) {
            throw new IllegalArgumentException("maximumDiskBytes must be 0 (no cap) or positive, was "
                    + maximumDiskBytes);
        }
    }

    /** With messages up to 1 MiB. */
    public StorageSettings(Path directory, Durability durability, Duration syncInterval, long maximumDiskBytes,
                           JournalRoll roll) {
        this(directory, durability, syncInterval, maximumDiskBytes, roll, 1 << 20);
    }

    /** The block size Chronicle grows its files by: a power of two, four times the largest record. */
    long blockSize() {
        long block = 4L << 20;
        while (block < 4L * ((long) maximumMessageBytes + 65_536)) {
            block <<= 1;
        }
        return block;
    }

    /** {@code os-cache}, a 10 ms sync interval, a 10 GiB cap, minutely cycles. */
    public static StorageSettings defaults(Path directory) {
        return new StorageSettings(directory, Durability.OS_CACHE, Duration.ofMillis(10), 10 * GIBIBYTE,
                JournalRoll.MINUTELY);
    }

    public StorageSettings withDurability(Durability newDurability) {
        return new StorageSettings(directory, newDurability, syncInterval, maximumDiskBytes, roll);
    }

    public StorageSettings withRoll(JournalRoll newRoll) {
        return new StorageSettings(directory, durability, syncInterval, maximumDiskBytes, newRoll);
    }

    public StorageSettings withMaximumDiskBytes(long newMaximum) {
        return new StorageSettings(directory, durability, syncInterval, newMaximum, roll);
    }
}
