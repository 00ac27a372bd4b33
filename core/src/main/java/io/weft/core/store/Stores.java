package io.weft.core.store;

/** The storage ports a broker is built with; the composition root chooses the implementations. */
public record Stores(MessageLog messageLog, StateLog stateLog, SyncGate syncGate, DiskQuota diskQuota)
        implements AutoCloseable {

    /** {@code persistence: none}: everything in memory, lost on restart. */
    public static Stores inMemory() {
        return new Stores(MessageLog.NONE, StateLog.NONE, SyncGate.IMMEDIATE, DiskQuota.UNLIMITED);
    }

    /** Closes the gate first (it may still release acknowledgements), then the logs. */
    @Override
    public void close() {
        syncGate.close();
        messageLog.close();
        stateLog.close();
    }
}
