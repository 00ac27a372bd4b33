package io.weft.core;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A running broker: one listener, the dispatch ring and the sessions. Created by the composition root
 * ({@code distribution}'s Main) or by tests; {@link #close()} shuts it down gracefully.
 */
public final class Broker implements AutoCloseable {

    private Broker() {
    }

    /** Binds the listener and starts serving; returns once connections are accepted. */
    public static Broker start(BrokerSettings settings) throws IOException {
        throw new UnsupportedOperationException("under construction");
    }

    /** The address the listener is bound to (with the real port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        throw new UnsupportedOperationException("under construction");
    }

    /**
     * Graceful shutdown: stop accepting, send DISCONNECT 0x8B (Server shutting down) to MQTT 5 clients,
     * flush every connection's queued packets, close the sockets and stop the ring. Idempotent.
     */
    @Override
    public void close() {
        throw new UnsupportedOperationException("under construction");
    }
}
