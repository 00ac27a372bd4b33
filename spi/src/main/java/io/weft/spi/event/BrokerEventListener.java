package io.weft.spi.event;

import io.weft.spi.Plugin;

import java.util.Set;

/**
 * Receives broker events.
 *
 * <p><b>Thread:</b> each listener instance has a virtual thread of its own that calls {@link #onEvent} with one
 * event at a time, in the order the broker produced them; never a client's thread, never the dispatch ring. The
 * broker hands events over through a bounded queue ({@code plugins.event-queue}): a listener that falls behind
 * loses the newest events, which are counted ({@code weft_plugin_events_dropped_total}), rather than slowing the
 * broker. {@code onEvent} may block briefly (write a file, send a datagram); a call that passes
 * {@code plugins.call-timeout} is interrupted and logged. <b>Throwing</b> is logged with the plugin's name and the
 * next event is delivered as usual.
 *
 * @since 1.0
 */
public interface BrokerEventListener extends Plugin {

    /** One event; see the records of {@link BrokerEvent}. */
    void onEvent(BrokerEvent event);

    /**
     * The event types this listener wants, asked once when it is enabled. The broker does not even produce events
     * no listener wants, so a listener of connects costs nothing per message. All of them by default.
     */
    default Set<Class<? extends BrokerEvent>> interests() {
        return BrokerEvent.ALL_TYPES;
    }
}
