package io.weft.spi.bridge;

import io.weft.spi.Plugin;

import java.util.List;

/**
 * Forwards the broker's messages that match {@link #exportedFilters()} to another system, and may publish
 * messages from it into the broker.
 *
 * <p><b>Thread:</b> each bridge instance has a virtual thread of its own that calls {@link #start} once and then
 * {@link #forward} with one message at a time, in the order the broker routed them; never a client's thread or
 * the dispatch ring. Messages wait for it in a bounded queue (QoS 0 beyond it is dropped and counted; QoS 1 and 2
 * hold the broker's journal position instead). {@code forward} <b>may block</b> (a network send) and <b>throws</b>
 * to ask for a retry: the broker logs it with the plugin's name and calls {@code forward} again with the same
 * message after a growing, capped pause; a call that passes {@code plugins.call-timeout} is interrupted and
 * retried the same way.
 *
 * @since 1.0
 */
public interface Bridge extends Plugin {

    /** The topic filters ({@code +} and {@code #} allowed) whose messages this bridge receives. */
    List<String> exportedFilters();

    /**
     * Called once before the first {@link #forward}, on the bridge's thread: keep {@code publisher} to publish into
     * the broker from any thread the bridge owns. May block (to connect).
     */
    void start(BrokerPublisher publisher) throws Exception;

    /** Sends one message on; returns once it is safely handed over, throws to have it retried. */
    void forward(BridgedMessage message) throws Exception;
}
