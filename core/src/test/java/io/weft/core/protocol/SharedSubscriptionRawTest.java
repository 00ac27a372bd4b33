package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttPacket.UnsubAck;
import io.weft.core.codec.MqttPacket.Unsubscribe;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.weft.core.protocol.JournalBroker.publish;
import static io.weft.core.protocol.JournalBroker.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Shared subscriptions packet by packet: validation, No Local, and what happens to a leaving member's copies. */
class SharedSubscriptionRawTest {

    private static final List<String> BAD_SHARE_FILTERS = List.of("$share//x", "$share/g+/x", "$share/g#/x", "$share/g",
            "$share/g/");

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static Subscribe subscribe(int packetId, List<String> filters, QoS qos) {
        return new Subscribe(packetId, filters.stream().map(filter -> Subscription.of(filter, qos)).toList(),
                MqttProperties.EMPTY);
    }

    @Test
    @DisplayName("[MQTT-4.8.2-1] [MQTT-4.8.2-2] an empty share name, one with a wildcard, or no filter after it: SUBACK 0x8F")
    void shareNameValidationMqtt5() {
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "share-names")) {
            List<String> filters = new ArrayList<>(BAD_SHARE_FILTERS);
            filters.add("$share/g/x");
            client.send(subscribe(3, filters, QoS.AT_LEAST_ONCE));
            List<ReasonCode> expected = new ArrayList<>();
            BAD_SHARE_FILTERS.forEach(filter -> expected.add(ReasonCode.TOPIC_FILTER_INVALID));
            expected.add(ReasonCode.GRANTED_QOS_1);
            assertThat(client.receive(SubAck.class).reasonCodes()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    @DisplayName("[MQTT-4.8.2-1] [MQTT-4.8.2-2] 3.1.1: a bad share name gets 0x80, a good one is granted")
    void shareNameValidationMqtt311() {
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "share-names-3")) {
            client.send(subscribe(4, List.of("$share//x", "$share/g/x"), QoS.AT_LEAST_ONCE));
            assertThat(client.receive(SubAck.class).reasonCodes())
                    .containsExactly(ReasonCode.UNSPECIFIED_ERROR, ReasonCode.GRANTED_QOS_1);
        }
    }

    @Test
    @DisplayName("[MQTT-3.8.3-4] No Local on a shared subscription: DISCONNECT 0x82")
    void noLocalIsProtocolError() {
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "share-no-local")) {
            client.send(new Subscribe(5, List.of(new Subscription("$share/g/x", QoS.AT_LEAST_ONCE, true, false,
                    RetainHandling.SEND_ON_SUBSCRIBE)), MqttProperties.EMPTY));
            assertThat(client.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    /** Receives {@code count} QoS 1 messages, acknowledging each; returns their payloads. */
    private static List<String> receiveAndAcknowledge(RawClient client, int count) {
        List<String> payloads = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            Publish publish = client.receive(Publish.class);
            client.send(new PubAck(publish.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            payloads.add(text(publish));
        }
        return payloads;
    }

    private static void publishAll(RawClient publisher, String topic, List<String> payloads, QoS qos) {
        for (int index = 0; index < payloads.size(); index++) {
            publisher.send(publish(false, qos, false, index + 1, topic, payloads.get(index)));
            if (qos == QoS.AT_LEAST_ONCE) {
                publisher.receive(PubAck.class);
            } else {
                publisher.receive(PubRec.class);
            }
        }
    }

    private static RawClient member(TestBroker broker, String clientId, boolean persistent) {
        RawClient client = persistent ? Clients.persistent(broker, ProtocolVersion.MQTT_5, clientId)
                : Clients.connected(broker, ProtocolVersion.MQTT_5, clientId);
        if (persistent) {
            assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
        return client;
    }

    @ParameterizedTest(name = "persistent session: {0}")
    @ValueSource(booleans = {true, false})
    @DisplayName("a member that disconnects with unacknowledged QoS 1 messages: they go to another member")
    void unacknowledgedMoveOnDisconnect(boolean persistent) {
        List<String> sent = IntStream.range(0, 6).mapToObj(index -> "m" + index).toList();
        try (RawClient leaving = member(broker, "leaving", persistent);
             RawClient staying = Clients.connected(broker, ProtocolVersion.MQTT_5, "staying");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "publisher")) {
            Clients.subscribe(leaving, 1, "$share/g/work", QoS.AT_LEAST_ONCE);
            Clients.subscribe(staying, 1, "$share/g/work", QoS.AT_LEAST_ONCE);
            publishAll(publisher, "work", sent, QoS.AT_LEAST_ONCE);
            List<String> unacknowledged = new ArrayList<>();
            for (int index = 0; index < 3; index++) {
                unacknowledged.add(text(leaving.receive(Publish.class))); // round robin: every other one
            }
            List<String> received = new ArrayList<>(receiveAndAcknowledge(staying, 3));
            assertThat(received).doesNotContainAnyElementsOf(unacknowledged);

            leaving.close();
            received.addAll(receiveAndAcknowledge(staying, 3));
            assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
            Clients.expectNothingQueued(staying);
        }
    }

    @Test
    @DisplayName("a member that unsubscribes: its copies not sent yet go to another member, the one in flight stays")
    void unsubscribeMovesQueuedCopies() {
        MqttProperties oneAtATime = MqttProperties.builder().put(PropertyId.RECEIVE_MAXIMUM, 1).build();
        try (RawClient slow = Clients.connected(broker, new Connect(ProtocolVersion.MQTT_5, "slow", true, 0, null, null,
                null, oneAtATime));
             RawClient other = Clients.connected(broker, ProtocolVersion.MQTT_5, "other");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "unsub-publisher")) {
            Clients.subscribe(slow, 1, "$share/g/u", QoS.AT_LEAST_ONCE);
            Clients.subscribe(other, 1, "$share/g/u", QoS.AT_LEAST_ONCE);
            publishAll(publisher, "u", List.of("m0", "m1", "m2", "m3", "m4", "m5"), QoS.AT_LEAST_ONCE);
            Publish inFlight = slow.receive(Publish.class); // m0; m2 and m4 wait behind it (receive maximum 1)
            assertThat(text(inFlight)).isEqualTo("m0");
            List<String> received = new ArrayList<>(receiveAndAcknowledge(other, 3));
            assertThat(received).containsExactly("m1", "m3", "m5");

            slow.send(new Unsubscribe(2, List.of("$share/g/u"), MqttProperties.EMPTY));
            assertThat(slow.receive(UnsubAck.class).reasonCodes()).containsExactly(ReasonCode.SUCCESS);
            assertThat(receiveAndAcknowledge(other, 2)).containsExactly("m2", "m4");
            slow.send(new PubAck(inFlight.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(slow);
            Clients.expectNothingQueued(other);
        }
    }

    @Test
    @DisplayName("[MQTT-4.8.2-4] a QoS 2 message sent to a member stays with it across a reconnect, not sent elsewhere")
    void exactlyOnceStaysWithItsMember() {
        try (RawClient staying = Clients.connected(broker, ProtocolVersion.MQTT_5, "q2-staying");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "q2-publisher")) {
            RawClient leaving = member(broker, "q2-leaving", true);
            Clients.subscribe(leaving, 1, "$share/g/q2", QoS.EXACTLY_ONCE);
            Clients.subscribe(staying, 1, "$share/g/q2", QoS.EXACTLY_ONCE);
            Clients.subscribe(staying, 2, "marker", QoS.AT_LEAST_ONCE);
            publishAll(publisher, "q2", List.of("exactly"), QoS.EXACTLY_ONCE); // round robin: to the first member
            Publish first = leaving.receive(Publish.class);
            assertThat(text(first)).isEqualTo("exactly");
            leaving.close();
            awaitDetached("q2-leaving");

            publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, 9, "marker", "marker"));
            assertThat(text(staying.receive(Publish.class))).as("no copy of the QoS 2 message first").isEqualTo("marker");
            try (RawClient back = member(broker, "q2-leaving", true)) {
                Publish again = back.receive(Publish.class);
                assertThat(text(again)).isEqualTo("exactly");
                assertThat(again.dup()).isTrue();
                assertThat(again.packetId()).isEqualTo(first.packetId());
            }
        }
    }

    @Test
    @DisplayName("[MQTT-4.8.2-6] a message refused with a PUBACK error is not sent to another member")
    void refusedIsNotResent() {
        try (RawClient staying = Clients.connected(broker, ProtocolVersion.MQTT_5, "refuse-staying");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "refuse-publisher")) {
            RawClient refusing = Clients.connected(broker, ProtocolVersion.MQTT_5, "refusing");
            Clients.subscribe(refusing, 1, "$share/g/r", QoS.AT_LEAST_ONCE);
            Clients.subscribe(staying, 1, "$share/g/r", QoS.AT_LEAST_ONCE);
            Clients.subscribe(staying, 2, "marker", QoS.AT_LEAST_ONCE);
            publishAll(publisher, "r", List.of("refused"), QoS.AT_LEAST_ONCE);
            Publish refused = refusing.receive(Publish.class);
            refusing.send(new PubAck(refused.packetId(), ReasonCode.UNSPECIFIED_ERROR, MqttProperties.EMPTY));
            Clients.expectNothingQueued(refusing); // the broker has read the PUBACK
            refusing.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().sessions().get("refusing") == null);

            publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, 9, "marker", "marker"));
            assertThat(text(staying.receive(Publish.class))).isEqualTo("marker");
        }
    }

    private void awaitDetached(String clientId) {
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().sessions().get(clientId) != null
                && !broker.broker().sessions().get(clientId).isConnected());
    }
}
