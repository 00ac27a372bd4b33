package io.weft.core.store;

import java.util.Arrays;

/**
 * When a QoS 1/2 message counts as stored, and so when it may be acknowledged ({@code storage.durability}).
 */
public enum Durability {
    /** Written to the journal's memory-mapped file: survives a crash of the process, not of the machine. */
    OS_CACHE("os-cache"),
    /** Group commit: acknowledgements wait for the next fsync, which runs every {@code storage.sync-interval}. */
    FSYNC_BATCH("fsync-batch"),
    /** Every acknowledgement waits for an fsync that covers it; fsyncs follow each other without a pause. */
    FSYNC_EACH("fsync-each");

    private final String configName;

    Durability(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Durability parse(String name) {
        return Arrays.stream(values()).filter(value -> value.configName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("one of os-cache, fsync-batch, fsync-each"));
    }
}
