package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static io.weft.core.protocol.JournalBroker.publish;
import static io.weft.core.protocol.JournalBroker.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Exchanges cut short by a restart, in both directions: resent with the same packet ids, delivered once. */
class JournalRedeliveryTest {

    private final JournalBroker brokers = new JournalBroker();

    @AfterEach
    void stop() {
        brokers.close();
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("[MQTT-4.4.0-1] [MQTT-3.3.1-1] copies in flight at a restart are resent with DUP and the same packet "
            + "ids; a QoS 2 copy already answered with PUBREC gets PUBREL, not the PUBLISH again")
    void inflightCopiesAreResentAfterRestart(ProtocolVersion version) {
        brokers.start();
        RawClient subscriber = brokers.persistent(version, "durable", false);
        Clients.subscribe(subscriber, 1, "flight/#", QoS.EXACTLY_ONCE);
        try (RawClient publisher = Clients.connected(brokers.broker(), version, "publisher")) {
            publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, 1, "flight/a", "at least once"));
            publisher.receive(PubAck.class);
            publisher.send(publish(false, QoS.EXACTLY_ONCE, false, 2, "flight/b", "exactly once"));
            publisher.receive(PubRec.class);
            publisher.send(publish(false, QoS.EXACTLY_ONCE, false, 3, "flight/c", "received"));
            publisher.receive(PubRec.class);
        }
        Publish a = subscriber.receive(Publish.class);
        Publish b = subscriber.receive(Publish.class);
        Publish c = subscriber.receive(Publish.class);
        assertThat(List.of(text(a), text(b), text(c))).containsExactly("at least once", "exactly once", "received");
        subscriber.send(new PubRec(c.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
        assertThat(subscriber.receive(PubRel.class).packetId()).isEqualTo(c.packetId());
        JournalBroker.roundTrip(subscriber); // the PUBREC is in the ring before the restart drains it

        brokers.restart(); // closes the subscriber's connection too
        subscriber.close();
        try (RawClient resumed = brokers.persistent(version, "durable", true)) {
            List<MqttPacket> resent = List.of(resumed.receive(), resumed.receive(), resumed.receive());
            assertThat(resent).filteredOn(PubRel.class::isInstance)
                    .containsExactly(new PubRel(c.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            List<Publish> publishes = new ArrayList<>();
            resent.stream().filter(Publish.class::isInstance).map(Publish.class::cast).forEach(publishes::add);
            assertThat(publishes).extracting(Publish::packetId).containsExactly(a.packetId(), b.packetId());
            assertThat(publishes).extracting(Publish::dup).containsExactly(true, true);
            assertThat(publishes).extracting(JournalBroker::text).containsExactly("at least once", "exactly once");
            assertThat(publishes).extracting(Publish::qos).containsExactly(QoS.AT_LEAST_ONCE, QoS.EXACTLY_ONCE);

            resumed.send(new PubComp(c.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            resumed.send(new PubAck(a.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            resumed.send(new PubRec(b.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            assertThat(resumed.receive(PubRel.class).packetId()).isEqualTo(b.packetId());
            resumed.send(new PubComp(b.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(resumed);
        }

        // All three were completed after the first restart: a second one resends nothing.
        brokers.restart();
        try (RawClient again = brokers.persistent(version, "durable", true)) {
            Clients.expectNothingQueued(again);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("[MQTT-4.3.3-9] [MQTT-4.3.3-10] [MQTT-4.3.3-11] an inbound QoS 2 id PUBREC'd before a restart is known "
            + "after it: the resend is acknowledged, not delivered again; after PUBCOMP the id is a new message")
    void inboundExactlyOnceSurvivesRestart(ProtocolVersion version) {
        brokers.start();
        RawClient subscriber = brokers.persistent(version, "reader", false);
        Clients.subscribe(subscriber, 1, "once/#", QoS.AT_LEAST_ONCE);
        RawClient publisher = brokers.persistent(version, "writer", false);
        publisher.send(publish(false, QoS.EXACTLY_ONCE, false, 9, "once/x", "only once"));
        assertThat(publisher.receive(PubRec.class).packetId()).isEqualTo(9);
        Publish delivered = subscriber.receive(Publish.class);
        assertThat(text(delivered)).isEqualTo("only once");
        subscriber.send(new PubAck(delivered.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
        JournalBroker.roundTrip(subscriber);

        brokers.restart();
        subscriber.close();
        publisher.close();
        try (RawClient reader = brokers.persistent(version, "reader", true);
             RawClient writer = brokers.persistent(version, "writer", true)) {
            writer.send(publish(true, QoS.EXACTLY_ONCE, false, 9, "once/x", "only once"));
            assertThat(writer.receive(PubRec.class).packetId()).isEqualTo(9); // [MQTT-4.3.3-10]
            writer.send(new PubRel(9, ReasonCode.SUCCESS, MqttProperties.EMPTY));
            PubComp complete = writer.receive(PubComp.class); // [MQTT-4.3.3-11]
            assertThat(complete.packetId()).isEqualTo(9);
            assertThat(complete.reasonCode()).isEqualTo(ReasonCode.SUCCESS);

            // Packet id 9 is free again: the same id now carries a new message, delivered once.
            writer.send(publish(false, QoS.EXACTLY_ONCE, false, 9, "once/x", "a new message"));
            assertThat(writer.receive(PubRec.class).packetId()).isEqualTo(9);
            writer.send(new PubRel(9, ReasonCode.SUCCESS, MqttProperties.EMPTY));
            assertThat(writer.receive(PubComp.class).packetId()).isEqualTo(9);
            Publish next = reader.receive(Publish.class);
            assertThat(text(next)).as("the first message after the restart").isEqualTo("a new message");
            reader.send(new PubAck(next.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(reader);
        }
    }
}
