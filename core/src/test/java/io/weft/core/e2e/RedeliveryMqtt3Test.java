package io.weft.core.e2e;

import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.PingReq;
import io.weft.core.codec.MqttPacket.PingResp;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubComp;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.PubRel;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.weft.core.e2e.Mqtt3Clients.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redelivery to a raw subscriber that controls its acknowledgements (clean session 0), Paho publishing;
 * MQTT 3.1 and 3.1.1. A PINGREQ / PINGRESP exchange fences "nothing else was sent before this".
 */
class RedeliveryMqtt3Test {

    @RegisterExtension
    final PahoBrokerExtension paho = new PahoBrokerExtension();
    private MqttClient publisher;

    private void publish(int version, String topic, String payload, int qos) throws Exception {
        if (publisher == null) {
            publisher = paho.connect("publisher", version);
        }
        publisher.publish(topic, bytes(payload), qos, false);
    }

    /** A raw client with clean session 0 for "slow"; checks the session present flag of its CONNACK. */
    private RawClient connectSlow(int version, boolean expectSession) {
        RawClient raw = paho.raw(version);
        raw.send(new Connect(Mqtt3Clients.protocol(version), "slow", false, 0, null, null, null, MqttProperties.EMPTY));
        ConnAck connAck = raw.receive(ConnAck.class);
        assertThat(connAck.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        // The session present flag [MQTT-3.2.2-2] exists in 3.1.1 only; in 3.1 that byte is reserved (0).
        assertThat(connAck.sessionPresent()).isEqualTo(expectSession && version == MqttConnectOptions.MQTT_VERSION_3_1_1);
        return raw;
    }

    private static void subscribe(RawClient raw, String filter, QoS qos) {
        raw.send(new Subscribe(1, List.of(Subscription.of(filter, qos)), MqttProperties.EMPTY));
        assertThat(raw.receive(SubAck.class).reasonCodes()).containsExactly(ReasonCode.granted(qos));
    }

    private static List<Publish> receivePublishes(RawClient raw, int count) {
        List<Publish> received = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            received.add(raw.receive(Publish.class));
        }
        return received;
    }

    /** Fails if the broker sent anything before answering this PINGREQ. */
    private static void assertNothingMoreSent(RawClient raw) {
        raw.send(new PingReq());
        raw.receive(PingResp.class);
    }

    private static void acknowledge(RawClient raw, List<Publish> publishes) {
        for (Publish publish : publishes) {
            raw.send(new PubAck(publish.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
        }
    }

    /** Nothing more on this connection, and nothing left to resend after the next reconnect. */
    private void assertNothingOwed(RawClient done, int version) {
        assertNothingMoreSent(done);
        done.close();
        assertNothingMoreSent(connectSlow(version, true));
    }

    private static String text(Publish publish) {
        return new String(publish.payload(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("unacknowledged QoS 1 messages are resent on reconnect with DUP 1 and their packet ids [MQTT-4.4.0-1], "
            + "[MQTT-3.3.1-1]; acknowledged ones are not")
    void unacknowledgedQos1Redelivered(int version) throws Exception {
        RawClient first = connectSlow(version, false);
        subscribe(first, "redo/#", QoS.AT_LEAST_ONCE);
        for (int i = 0; i < 3; i++) {
            publish(version, "redo/x", "r" + i, 1);
        }
        List<Publish> original = receivePublishes(first, 3);
        assertThat(original).extracting(Publish::dup).containsOnly(false);
        first.close();

        RawClient second = connectSlow(version, true);
        List<Publish> resent = receivePublishes(second, 3);
        for (int i = 0; i < 3; i++) {
            Publish before = original.get(i);
            assertThat(resent.get(i)).isEqualTo(new Publish(true, QoS.AT_LEAST_ONCE, false, "redo/x",
                    before.packetId(), MqttProperties.EMPTY, before.payload()));
        }
        assertThat(resent).extracting(RedeliveryMqtt3Test::text).containsExactly("r0", "r1", "r2");
        acknowledge(second, resent);
        assertNothingOwed(second, version);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("QoS 2 on reconnect: PUBREL resent for a PUBREC'd message, PUBLISH with DUP 1 for the other "
            + "[MQTT-4.4.0-1]")
    void unfinishedQos2Resumed(int version) throws Exception {
        RawClient first = connectSlow(version, false);
        subscribe(first, "two/#", QoS.EXACTLY_ONCE);
        publish(version, "two/x", "received", 2);
        publish(version, "two/x", "unanswered", 2);
        List<Publish> original = receivePublishes(first, 2);
        int receivedId = original.get(0).packetId();
        int unansweredId = original.get(1).packetId();
        first.send(new PubRec(receivedId, ReasonCode.SUCCESS, MqttProperties.EMPTY));
        assertThat(first.receive(PubRel.class).packetId()).isEqualTo(receivedId);
        first.close();

        RawClient second = connectSlow(version, true);
        assertThat(second.receive(PubRel.class).packetId()).isEqualTo(receivedId);
        Publish resent = second.receive(Publish.class);
        assertThat(resent).isEqualTo(new Publish(true, QoS.EXACTLY_ONCE, false, "two/x", unansweredId,
                MqttProperties.EMPTY, bytes("unanswered")));
        second.send(new PubComp(receivedId, ReasonCode.SUCCESS, MqttProperties.EMPTY));
        second.send(new PubRec(unansweredId, ReasonCode.SUCCESS, MqttProperties.EMPTY));
        assertThat(second.receive(PubRel.class).packetId()).isEqualTo(unansweredId);
        second.send(new PubComp(unansweredId, ReasonCode.SUCCESS, MqttProperties.EMPTY));
        assertNothingOwed(second, version);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("beyond the in-flight window messages wait; after reconnect the window is resent, then the rest, in order")
    void inflightWindowThenQueueAfterReconnect(int version) throws Exception {
        int window = paho.settings().inflightWindow();
        int total = window + 8;
        RawClient first = connectSlow(version, false);
        subscribe(first, "flow/#", QoS.AT_LEAST_ONCE);
        for (int i = 0; i < total; i++) {
            publish(version, "flow/x", Integer.toString(i), 1);
        }
        List<Publish> original = receivePublishes(first, window);
        assertNothingMoreSent(first); // the window is full: nothing beyond it before PUBACKs
        first.close();

        RawClient second = connectSlow(version, true);
        List<Publish> resent = receivePublishes(second, window);
        assertThat(resent).extracting(Publish::packetId).containsExactlyElementsOf(
                original.stream().map(Publish::packetId).toList());
        assertThat(resent).extracting(Publish::dup).containsOnly(true);
        acknowledge(second, resent);
        List<Publish> rest = receivePublishes(second, total - window);
        assertThat(rest).extracting(Publish::dup).containsOnly(false);
        acknowledge(second, rest);
        assertNothingMoreSent(second);

        List<String> payloads = new ArrayList<>();
        resent.forEach(publish -> payloads.add(text(publish)));
        rest.forEach(publish -> payloads.add(text(publish)));
        assertThat(payloads).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, total).mapToObj(Integer::toString).toList());
    }
}
