package io.weft.core.protocol;

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

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.weft.core.protocol.JournalBroker.publish;
import static io.weft.core.protocol.JournalBroker.text;
import static org.assertj.core.api.Assertions.assertThat;

/** What a restart on the same journal keeps: persistent sessions, their queues and subscriptions, retained messages. */
class JournalRecoveryTest {

    private final JournalBroker brokers = new JournalBroker();

    @AfterEach
    void stop() {
        brokers.close();
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("[MQTT-3.2.2-2] [MQTT-3.2.2-3] [MQTT-4.6.0-6] acknowledged QoS 1/2 messages for an offline persistent "
            + "session survive a restart, in order, and so does its subscription")
    void queuedMessagesAndSubscriptionsSurviveRestart(ProtocolVersion version) {
        brokers.start();
        RawClient subscriber = brokers.persistent(version, "durable", false);
        Clients.subscribe(subscriber, 1, "recovery/#", QoS.EXACTLY_ONCE);
        brokers.goOffline(subscriber, "durable");

        try (RawClient publisher = Clients.connected(brokers.broker(), version, "publisher")) {
            publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, 1, "recovery/a", "one"));
            assertThat(publisher.receive(PubAck.class).packetId()).isEqualTo(1);
            publisher.send(publish(false, QoS.EXACTLY_ONCE, false, 2, "recovery/b", "two"));
            assertThat(publisher.receive(PubRec.class).packetId()).isEqualTo(2);
            publisher.send(new PubRel(2, ReasonCode.SUCCESS, MqttProperties.EMPTY));
            assertThat(publisher.receive(PubComp.class).packetId()).isEqualTo(2);
            publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, 3, "recovery/c", "three"));
            assertThat(publisher.receive(PubAck.class).packetId()).isEqualTo(3);
        }

        brokers.restart();
        try (RawClient resumed = brokers.persistent(version, "durable", true)) {
            Publish one = resumed.receive(Publish.class);
            Publish two = resumed.receive(Publish.class);
            Publish three = resumed.receive(Publish.class);
            assertThat(List.of(text(one), text(two), text(three))).containsExactly("one", "two", "three");
            assertThat(List.of(one.qos(), two.qos(), three.qos()))
                    .containsExactly(QoS.AT_LEAST_ONCE, QoS.EXACTLY_ONCE, QoS.AT_LEAST_ONCE);
            resumed.send(new PubAck(one.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            resumed.send(new PubRec(two.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            assertThat(resumed.receive(PubRel.class).packetId()).isEqualTo(two.packetId());
            resumed.send(new PubComp(two.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            resumed.send(new PubAck(three.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));

            // The subscription came back with the session: a message published after the restart reaches it.
            try (RawClient publisher = Clients.connected(brokers.broker(), version, "publisher")) {
                publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, 4, "recovery/d", "four"));
                assertThat(publisher.receive(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            }
            Publish four = resumed.receive(Publish.class);
            assertThat(text(four)).isEqualTo("four");
            assertThat(four.dup()).as("a first delivery after the restart").isFalse();
            resumed.send(new PubAck(four.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(resumed);
            JournalBroker.roundTrip(resumed);
        }

        // Everything was acknowledged: a second restart redelivers nothing.
        brokers.restart();
        try (RawClient again = brokers.persistent(version, "durable", true)) {
            Clients.expectNothingQueued(again);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("[MQTT-3.3.1-5] [MQTT-3.3.1-10] retained messages (QoS 0 and 1) survive a restart; a cleared one stays cleared")
    void retainedMessagesSurviveRestart(ProtocolVersion version) {
        brokers.start();
        try (RawClient publisher = Clients.connected(brokers.broker(), version, "publisher")) {
            publisher.send(publish(false, QoS.AT_MOST_ONCE, true, 0, "kept/zero", "qos 0"));
            publisher.send(publish(false, QoS.AT_LEAST_ONCE, true, 1, "kept/one", "qos 1"));
            publisher.receive(PubAck.class);
            publisher.send(publish(false, QoS.AT_LEAST_ONCE, true, 2, "kept/cleared", "soon gone"));
            publisher.receive(PubAck.class);
            publisher.send(publish(false, QoS.AT_MOST_ONCE, true, 0, "kept/cleared", ""));
            publisher.send(publish(false, QoS.AT_LEAST_ONCE, true, 3, "kept/replaced", "old"));
            publisher.receive(PubAck.class);
            publisher.send(publish(false, QoS.AT_LEAST_ONCE, true, 4, "kept/replaced", "new"));
            publisher.receive(PubAck.class);
        }

        brokers.restart();
        try (RawClient subscriber = Clients.connected(brokers.broker(), version, "late")) {
            Clients.subscribe(subscriber, 1, "kept/#", QoS.AT_LEAST_ONCE);
            Map<String, Publish> received = new HashMap<>();
            for (int i = 0; i < 3; i++) {
                Publish retained = subscriber.receive(Publish.class);
                received.put(retained.topic(), retained);
                if (retained.qos() != QoS.AT_MOST_ONCE) {
                    subscriber.send(new PubAck(retained.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
                }
            }
            assertThat(received).containsOnlyKeys("kept/zero", "kept/one", "kept/replaced");
            assertThat(received.values()).allMatch(Publish::retain); // [MQTT-3.3.1-6]
            assertThat(text(received.get("kept/zero"))).isEqualTo("qos 0");
            assertThat(received.get("kept/zero").qos()).isEqualTo(QoS.AT_MOST_ONCE);
            assertThat(text(received.get("kept/one"))).isEqualTo("qos 1");
            assertThat(received.get("kept/one").qos()).isEqualTo(QoS.AT_LEAST_ONCE);
            assertThat(text(received.get("kept/replaced"))).isEqualTo("new");
            Clients.expectNothingQueued(subscriber); // nothing for kept/cleared
        }
    }
}
