package io.weft.core.net;

import io.weft.core.codec.MqttPacket;

/** Where packets for one client go: its connection's writer queue. Safe from any thread. */
@FunctionalInterface
public interface PacketSink {

    /** Queues a packet; false if it will not be sent (the connection is closing). */
    boolean send(MqttPacket packet);
}
