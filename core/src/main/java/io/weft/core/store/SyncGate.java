package io.weft.core.store;

import io.weft.core.codec.MqttPacket;
import io.weft.core.net.PacketSink;

/**
 * Storage port: holds an acknowledgement back until everything journaled before it has reached the
 * configured durability level. Called on the route stage only; it must never block it. Acknowledgements
 * leave in the order they were given (PUBACKs in PUBLISH order [MQTT-4.6.0-2]).
 */
public interface SyncGate extends AutoCloseable {

    /** The journal is durable once written (no journal, or {@code os-cache}): send at once. */
    SyncGate IMMEDIATE = PacketSink::send;

    void send(PacketSink origin, MqttPacket acknowledgement);

    @Override
    default void close() {
    }
}
