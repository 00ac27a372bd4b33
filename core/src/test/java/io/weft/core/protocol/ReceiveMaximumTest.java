package io.weft.core.protocol;

import io.weft.core.ProtocolSettings;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubComp;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.PubRel;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Receive Maximum 2: QoS 1/2 PUBLISH packets the broker has not yet acknowledged, counted per connection. */
class ReceiveMaximumTest {

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start(TestBroker.settings().with(
                new ProtocolSettings(2, 64, 64, 65535, 2, true, true, true, true, "")));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    @DisplayName("[MQTT-3.3.4-9] a third QoS 2 PUBLISH while two await PUBREL/PUBCOMP: DISCONNECT 0x93")
    void thirdUnacknowledgedIsDisconnected() {
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "greedy")) {
            client.send(qos2(1)).send(qos2(2));
            assertThat(client.receive(PubRec.class).packetId()).isEqualTo(1);
            assertThat(client.receive(PubRec.class).packetId()).isEqualTo(2);
            client.send(qos2(3));
            assertThat(client.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.4-9] the QoS 2 PUBLISH refused with 0x93 is not remembered as received: resent with DUP on a new connection, it is delivered")
    void refusedQos2IsDeliveredWhenResent() {
        try (RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_5, "watcher")) {
            Clients.subscribe(subscriber, 1, "t", QoS.AT_LEAST_ONCE);
            try (RawClient client = Clients.persistent(broker, ProtocolVersion.MQTT_5, "persistent")) {
                client.receive(ConnAck.class);
                client.send(qos2(1)).send(qos2(2));
                client.receive(PubRec.class);
                client.receive(PubRec.class);
                client.send(new Publish(false, QoS.EXACTLY_ONCE, false, "t", 3, MqttProperties.EMPTY, new byte[] {3}));
                assertThat(client.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED);
            }
            try (RawClient client = Clients.persistent(broker, ProtocolVersion.MQTT_5, "persistent")) {
                assertThat(client.receive(ConnAck.class).sessionPresent()).isTrue();
                client.send(new Publish(true, QoS.EXACTLY_ONCE, false, "t", 3, MqttProperties.EMPTY, new byte[] {3}));
                assertThat(client.receive(PubRec.class).packetId()).isEqualTo(3);
            }
            boolean delivered = false;
            for (int i = 0; i < 3 && !delivered; i++) { // messages 1 and 2 may come first
                delivered = subscriber.receive(Publish.class).payload()[0] == 3;
            }
            assertThat(delivered).as("the resent message reached the subscriber").isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.4-9] completed exchanges free their slot: many QoS 2 and QoS 1 PUBLISH packets, two at a time")
    void completedExchangesFreeTheirSlots() {
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "polite")) {
            for (int id = 1; id <= 20; id += 2) {
                client.send(qos2(id)).send(qos2(id + 1));
                client.receive(PubRec.class);
                client.receive(PubRec.class);
                client.send(new PubRel(id, ReasonCode.SUCCESS, MqttProperties.EMPTY))
                        .send(new PubRel(id + 1, ReasonCode.SUCCESS, MqttProperties.EMPTY));
                client.receive(PubComp.class);
                client.receive(PubComp.class);
            }
            for (int id = 100; id < 120; id += 2) {
                client.send(qos1(id)).send(qos1(id + 1));
                client.receive(PubAck.class);
                client.receive(PubAck.class);
            }
            Clients.expectNothingQueued(client);
        }
    }

    @Test
    @DisplayName("a resent QoS 2 PUBLISH (DUP) of an exchange already counted is not counted again")
    void duplicateIsNotCountedTwice() {
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "resender")) {
            client.send(qos2(1)).send(qos2(2));
            client.receive(PubRec.class);
            client.receive(PubRec.class);
            client.send(new Publish(true, QoS.EXACTLY_ONCE, false, "t", 2, MqttProperties.EMPTY, new byte[] {1}));
            assertThat(client.receive(PubRec.class).packetId()).isEqualTo(2);
            Clients.expectNothingQueued(client);
        }
    }

    @Test
    @DisplayName("3.1.1 has no Receive Maximum: three QoS 2 PUBLISH packets awaiting PUBREL are fine")
    void mqtt311IsNotLimited() {
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "old")) {
            client.send(qos2(1)).send(qos2(2)).send(qos2(3));
            for (int id = 1; id <= 3; id++) {
                assertThat(client.receive(PubRec.class).packetId()).isEqualTo(id);
            }
            Clients.expectNothingQueued(client);
        }
    }

    private static Publish qos2(int packetId) {
        return new Publish(false, QoS.EXACTLY_ONCE, false, "t", packetId, MqttProperties.EMPTY, new byte[] {1});
    }

    private static Publish qos1(int packetId) {
        return new Publish(false, QoS.AT_LEAST_ONCE, false, "t", packetId, MqttProperties.EMPTY, new byte[] {1});
    }
}
