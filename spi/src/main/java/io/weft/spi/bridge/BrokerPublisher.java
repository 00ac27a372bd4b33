package io.weft.spi.bridge;

import io.weft.spi.Qos;

/**
 * Publishes into the broker on a bridge's behalf, as a client named after the bridge instance would: through the
 * dispatch ring, journaled (QoS 1 and 2) before it is routed. Thread-safe; call it from the bridge's own threads.
 *
 * @since 1.0
 */
public interface BrokerPublisher {

    /**
     * Publishes and returns once the broker has taken the message (journaled, for QoS 1 and 2). <b>Blocks</b>
     * while the broker applies backpressure (a full ring, the queued-memory budget).
     *
     * @throws InterruptedException  when the calling thread is interrupted while waiting
     * @throws IllegalStateException when the bridge is disabled or the broker is shutting down
     */
    void publish(String topic, byte[] payload, Qos qos, boolean retain) throws InterruptedException;
}
