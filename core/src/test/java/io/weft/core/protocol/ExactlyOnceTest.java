package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.ConnAck;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** QoS 2 in both directions, packet by packet. */
class ExactlyOnceTest {

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("[MQTT-4.3.3-9] [MQTT-4.3.3-10] [MQTT-4.3.3-11] a QoS 2 PUBLISH resent with DUP before PUBREL is delivered once")
    void inboundResendBeforePubRelIsDeliveredOnce(ProtocolVersion version) {
        try (RawClient subscriber = Clients.connected(broker, version, "subscriber");
             RawClient publisher = Clients.connected(broker, version, "publisher")) {
            Clients.subscribe(subscriber, 1, "exactly/once", QoS.AT_LEAST_ONCE);

            publisher.send(publish(false, QoS.EXACTLY_ONCE, 7, "the message"));
            assertThat(publisher.receive(PubRec.class).packetId()).isEqualTo(7);
            publisher.send(publish(true, QoS.EXACTLY_ONCE, 7, "the message"));
            assertThat(publisher.receive(PubRec.class).packetId()).isEqualTo(7); // [MQTT-4.3.3-10] acknowledged again
            publisher.send(new PubRel(7, ReasonCode.SUCCESS, MqttProperties.EMPTY));
            PubComp complete = publisher.receive(PubComp.class); // [MQTT-4.3.3-11]
            assertThat(complete.packetId()).isEqualTo(7);
            assertThat(complete.reasonCode()).isEqualTo(ReasonCode.SUCCESS);

            Publish delivered = subscriber.receive(Publish.class);
            assertThat(text(delivered)).isEqualTo("the message");
            subscriber.send(new PubAck(delivered.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            // A marker published after PUBCOMP must be the next thing the subscriber sees: no second copy.
            publisher.send(publish(false, QoS.AT_LEAST_ONCE, 8, "marker"));
            assertThat(publisher.receive(PubAck.class).packetId()).isEqualTo(8);
            Publish next = subscriber.receive(Publish.class);
            assertThat(text(next)).isEqualTo("marker");
            subscriber.send(new PubAck(next.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(subscriber);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("[MQTT-4.3.3-9] after PUBCOMP the packet id is free: a new PUBLISH with id 7 is a new message")
    void packetIdIsReusableAfterPubComp(ProtocolVersion version) {
        try (RawClient subscriber = Clients.connected(broker, version, "subscriber");
             RawClient publisher = Clients.connected(broker, version, "publisher")) {
            Clients.subscribe(subscriber, 1, "exactly/once", QoS.AT_MOST_ONCE);
            for (String text : new String[] {"first", "second"}) {
                publisher.send(publish(false, QoS.EXACTLY_ONCE, 7, text));
                publisher.receive(PubRec.class);
                publisher.send(new PubRel(7, ReasonCode.SUCCESS, MqttProperties.EMPTY));
                publisher.receive(PubComp.class);
                assertThat(text(subscriber.receive(Publish.class))).isEqualTo(text);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("[MQTT-4.3.3-11] PUBREL for an unknown packet id: PUBCOMP, 0x92 in 5.0")
    void pubRelForUnknownPacketId(ProtocolVersion version) {
        try (RawClient client = Clients.connected(broker, version, "client")) {
            client.send(new PubRel(42, ReasonCode.SUCCESS, MqttProperties.EMPTY));
            PubComp complete = client.receive(PubComp.class);
            assertThat(complete.packetId()).isEqualTo(42);
            assertThat(complete.reasonCode()).isEqualTo(version.isMqtt5()
                    ? ReasonCode.PACKET_IDENTIFIER_NOT_FOUND : ReasonCode.SUCCESS);
            Clients.expectNothingQueued(client);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("[MQTT-4.4.0-1] outbound QoS 2 interrupted after PUBREC: on reconnect PUBREL is resent, not the PUBLISH")
    void outboundPubRelIsResentAfterReconnect(ProtocolVersion version) {
        int packetId;
        RawClient subscriber = Clients.persistent(broker, version, "subscriber");
        try {
            subscriber.receive(ConnAck.class);
            Clients.subscribe(subscriber, 1, "exactly/once", QoS.EXACTLY_ONCE);
            try (RawClient publisher = Clients.connected(broker, version, "publisher")) {
                publisher.send(publish(false, QoS.EXACTLY_ONCE, 1, "once"));
                publisher.receive(PubRec.class);
                publisher.send(new PubRel(1, ReasonCode.SUCCESS, MqttProperties.EMPTY));
                publisher.receive(PubComp.class);
            }
            Publish delivered = subscriber.receive(Publish.class);
            assertThat(delivered.qos()).isEqualTo(QoS.EXACTLY_ONCE);
            assertThat(text(delivered)).isEqualTo("once");
            packetId = delivered.packetId();
            subscriber.send(new PubRec(packetId, ReasonCode.SUCCESS, MqttProperties.EMPTY));
            assertThat(subscriber.receive(PubRel.class).packetId()).isEqualTo(packetId);
        } finally {
            subscriber.close(); // gone before PUBCOMP
        }

        try (RawClient again = Clients.persistent(broker, version, "subscriber")) {
            ConnAck ack = again.receive(ConnAck.class);
            assertThat(ack.sessionPresent()).isTrue();
            PubRel resent = again.receive(PubRel.class); // not the PUBLISH: the client already has it
            assertThat(resent.packetId()).isEqualTo(packetId);
            again.send(new PubComp(packetId, ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(again);
        }
        // The exchange is finished: a third connection gets nothing resent.
        try (RawClient third = Clients.persistent(broker, version, "subscriber")) {
            assertThat(third.receive(ConnAck.class).sessionPresent()).isTrue();
            Clients.expectNothingQueued(third);
        }
    }

    private static Publish publish(boolean dup, QoS qos, int packetId, String text) {
        return new Publish(dup, qos, false, "exactly/once", packetId, MqttProperties.EMPTY,
                text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Publish publish) {
        return new String(publish.payload(), StandardCharsets.UTF_8);
    }
}
