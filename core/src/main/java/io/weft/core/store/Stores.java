package io.weft.core.store;

/** The storage ports a broker is built with; the composition root chooses the implementations. */
public record Stores(MessageLog messageLog, SessionStore sessionStore, RetainedStore retainedStore) {

    /** {@code persistence: none}: everything in memory, lost on restart. */
    public static Stores inMemory() {
        return new Stores(MessageLog.NONE, new InMemorySessionStore(), RetainedStore.NONE);
    }
}
