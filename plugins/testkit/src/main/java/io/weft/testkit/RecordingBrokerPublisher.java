package io.weft.testkit;

import io.weft.spi.Qos;
import io.weft.spi.bridge.BrokerPublisher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Thread-safe (any of a bridge's threads): a {@link BrokerPublisher} for bridge tests that keeps what was published. */
public final class RecordingBrokerPublisher implements BrokerPublisher {

    /** One publication. */
    public record Publication(String topic, byte[] payload, Qos qos, boolean retain) {
    }

    private final List<Publication> publications = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    @Override
    public void publish(String topic, byte[] payload, Qos qos, boolean retain) {
        if (closed) {
            throw new IllegalStateException("the bridge is disabled");
        }
        publications.add(new Publication(topic, payload.clone(), qos, retain));
    }

    /** Makes later publications fail as they do once the broker disables the bridge. */
    public void close() {
        closed = true;
    }

    public List<Publication> publications() {
        return List.copyOf(publications);
    }
}
