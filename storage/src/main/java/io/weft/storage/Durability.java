package io.weft.storage;

import java.util.Arrays;
import java.util.stream.Collectors;

/** When a journaled write counts as durable, and so when its PUBACK/PUBREC may leave. */
public enum Durability {
    /** In the page cache: survives a process crash ({@code kill -9}), not a power loss. */
    OS_CACHE("os-cache"),
    /** fsync every sync interval (group commit); acknowledgements wait for the next sync. */
    FSYNC_BATCH("fsync-batch"),
    /** fsync as soon as an acknowledgement waits; what accumulates during one fsync goes with the next. */
    FSYNC_EACH("fsync-each");

    private final String configName;

    Durability(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Durability parse(String name) {
        for (Durability durability : values()) {
            if (durability.configName.equals(name)) {
                return durability;
            }
        }
        throw new IllegalArgumentException("unknown durability '" + name + "'; accepted: "
                + Arrays.stream(values()).map(Durability::configName).collect(Collectors.joining(", ")));
    }
}
