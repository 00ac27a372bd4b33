package io.weft.core.store;

/** Whether the broker keeps a journal in {@code data-dir} ({@code storage.persistence}). */
public enum Persistence {
    /** Chronicle Queue journal: sessions, queued messages and retained messages survive restarts and crashes. */
    JOURNAL("journal"),
    /** Everything in memory, lost on restart. */
    NONE("none");

    private final String configName;

    Persistence(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
