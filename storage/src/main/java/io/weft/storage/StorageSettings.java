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
 */
public record StorageSettings(Path directory, Durability durability, Duration syncInterval,
                              long maximumDiskBytes, JournalRoll roll) {

    public static final long GIBIBYTE = 1L << 30;

    public StorageSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(syncInterval, "syncInterval");
        Objects.requireNonNull(roll, "roll");
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("syncInterval must be positive, was " + syncInterval);
        }
        if (maximumDiskBytes < 0) {
            throw new IllegalArgumentException("maximumDiskBytes must be 0 (no cap) or positive, was "
                    + maximumDiskBytes);
        }
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
