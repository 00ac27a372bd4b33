package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A well-behaved client, owned by the test thread, connected before a misbehaving one: it must keep
 * publishing and receiving whatever the other connection does.
 */
final class Bystander implements AutoCloseable {

    private final RawClient client;
    private final String topic;
    private int nextPacketId = 1;

    Bystander(TestBroker broker, ProtocolVersion version, String clientId) {
        client = Clients.connected(broker, version, clientId);
        topic = "bystander/" + clientId;
        Clients.subscribe(client, nextPacketId++, topic, QoS.AT_LEAST_ONCE);
    }

    /** Publishes QoS 1 to its own topic and expects both the PUBACK and the message back. */
    void assertRoundTrip(String text) {
        int packetId = nextPacketId++;
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        client.send(new Publish(false, QoS.AT_LEAST_ONCE, false, topic, packetId, MqttProperties.EMPTY, payload));
        PubAck ack = null;
        Publish echo = null;
        // The PUBACK and the delivery to ourselves may come in either order.
        for (int packet = 0; packet < 2; packet++) {
            MqttPacket received = client.receive();
            switch (received) {
                case PubAck pubAck -> ack = pubAck;
                case Publish publish -> echo = publish;
                default -> throw new AssertionError("bystander got an unexpected " + received);
            }
        }
        assertThat(ack).as("PUBACK for the bystander's message").isNotNull();
        assertThat(ack.packetId()).isEqualTo(packetId);
        assertThat(echo).as("the bystander's own message").isNotNull();
        assertThat(echo.topic()).isEqualTo(topic);
        assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo(text);
        client.send(new PubAck(echo.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
    }

    @Override
    public void close() {
        client.close();
    }
}
