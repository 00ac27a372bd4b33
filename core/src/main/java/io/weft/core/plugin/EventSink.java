package io.weft.core.plugin;

import io.weft.spi.event.BrokerEvent;

/**
 * Where the broker's code hands events for listener plugins. Producers ask {@link #wants} first, so an event that
 * no listener wants is never even made: with no listeners the check is one volatile read. Thread-safe (any thread);
 * {@link #emit} never blocks.
 */
public interface EventSink {

    /** No listeners. */
    EventSink NONE = new EventSink() {
        @Override
        public boolean wants(EventKind kind) {
            return false;
        }

        @Override
        public void emit(BrokerEvent event) {
        }
    };

    boolean wants(EventKind kind);

    /** Queues the event for each listener that wants its kind; a full queue drops it (counted). */
    void emit(BrokerEvent event);

    /** The event types, as bits. */
    enum EventKind {
        CONNECTED(BrokerEvent.ClientConnected.class),
        CONNECT_REFUSED(BrokerEvent.ConnectRefused.class),
        DISCONNECTED(BrokerEvent.ClientDisconnected.class),
        SUBSCRIBED(BrokerEvent.Subscribed.class),
        UNSUBSCRIBED(BrokerEvent.Unsubscribed.class),
        PUBLISHED(BrokerEvent.Published.class),
        DROPPED(BrokerEvent.MessageDropped.class);

        private final Class<? extends BrokerEvent> type;

        EventKind(Class<? extends BrokerEvent> type) {
            this.type = type;
        }

        int bit() {
            return 1 << ordinal();
        }

        static EventKind of(BrokerEvent event) {
            return switch (event) {
                case BrokerEvent.ClientConnected ignored -> CONNECTED;
                case BrokerEvent.ConnectRefused ignored -> CONNECT_REFUSED;
                case BrokerEvent.ClientDisconnected ignored -> DISCONNECTED;
                case BrokerEvent.Subscribed ignored -> SUBSCRIBED;
                case BrokerEvent.Unsubscribed ignored -> UNSUBSCRIBED;
                case BrokerEvent.Published ignored -> PUBLISHED;
                case BrokerEvent.MessageDropped ignored -> DROPPED;
            };
        }

        /** The bits of the given event types. */
        static int mask(java.util.Collection<Class<? extends BrokerEvent>> types) {
            int mask = 0;
            for (EventKind kind : values()) {
                if (types.contains(kind.type)) {
                    mask |= kind.bit();
                }
            }
            return mask;
        }
    }
}
