package io.weft.core.e2e;

import io.weft.core.e2e.Mqtt3Clients.Arrival;
import io.weft.core.e2e.Mqtt3Clients.Inbox;
import io.weft.core.session.Session;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.weft.core.e2e.Mqtt3Clients.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sessions with Paho: clean session 0 and 1, messages queued while offline, takeover; MQTT 3.1 and 3.1.1. */
class PersistentSessionMqtt3Test {

    @RegisterExtension
    final PahoBrokerExtension paho = new PahoBrokerExtension();

    /** Connects and returns the client; {@code sessionPresent} receives the CONNACK flag. */
    private MqttClient connect(String clientId, int version, boolean cleanSession, Inbox inbox,
                               boolean[] sessionPresent) throws Exception {
        MqttClient client = paho.client(clientId, inbox);
        sessionPresent[0] = client.connectWithResult(Mqtt3Clients.options(version, cleanSession)).getSessionPresent();
        return client;
    }

    /** What CONNACK says for a resumed session: 3.1 has no session present flag, its byte is reserved (0). */
    private static boolean resumed(int version) {
        return version == MqttConnectOptions.MQTT_VERSION_3_1_1;
    }

    /** Disconnects normally and waits until the broker has detached the session (it stays registered). */
    private void goOffline(MqttClient client) throws Exception {
        String clientId = client.getClientId();
        client.disconnect();
        await().atMost(Duration.ofSeconds(Mqtt3Clients.TIMEOUT_SECONDS)).until(() -> {
            Session session = paho.broker().broker().sessions().get(clientId);
            return session == null || !session.isConnected();
        });
    }

    /** Waits until the broker holds nothing in flight or queued for {@code clientId}. */
    private void awaitAcknowledged(String clientId) {
        await().atMost(Duration.ofSeconds(Mqtt3Clients.TIMEOUT_SECONDS))
                .until(() -> paho.broker().broker().sessions().get(clientId).outboundDepth() == 0);
    }

    /**
     * Connects "durable" with clean session 0, subscribes to {@code filter} and goes offline, leaving a stored
     * session; returns the session present flag of that first CONNACK.
     */
    private boolean leaveDurableSubscription(int version, String filter, int qos) throws Exception {
        boolean[] sessionPresent = new boolean[1];
        MqttClient durable = connect("durable", version, false, new Inbox(), sessionPresent);
        durable.subscribe(filter, qos);
        goOffline(durable);
        return sessionPresent[0];
    }

    static Stream<Arguments> versionsAndReliableQos() {
        return Mqtt3Clients.versions().flatMap(version -> Stream.of(1, 2)
                .map(qos -> Arguments.of(version, Named.of("QoS " + qos, qos))));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("versionsAndReliableQos")
    @DisplayName("messages published while offline are delivered on reconnect with session present 1 "
            + "[MQTT-3.1.2-5], [MQTT-3.2.2-2] (3.1.1; 3.1 has no flag); QoS 0 is not queued")
    void offlineMessagesDeliveredOnReconnect(int version, int qos) throws Exception {
        assertThat(leaveDurableSubscription(version, "offline/#", 2)).as("no session existed before [MQTT-3.2.2-3]")
                .isFalse();
        boolean[] sessionPresent = new boolean[1];

        MqttClient publisher = paho.connect("publisher", version);
        publisher.publish("offline/a", bytes("qos 0 while offline"), 0, false);
        for (int i = 0; i < 20; i++) {
            publisher.publish("offline/" + (i % 2 == 0 ? "a" : "b"), bytes("m" + i), qos, false);
        }

        Inbox inbox = new Inbox();
        connect("durable", version, false, inbox, sessionPresent);
        assertThat(sessionPresent[0]).isEqualTo(resumed(version));
        publisher.publish("offline/a", bytes("end"), qos, false);

        List<Arrival> received = inbox.until("end");
        assertThat(received).extracting(Arrival::payload).containsExactlyElementsOf(
                Stream.concat(Stream.iterate(0, i -> i < 20, i -> i + 1).map(i -> "m" + i), Stream.of("end")).toList());
        assertThat(received).allSatisfy(arrival -> {
            assertThat(arrival.qos()).isEqualTo(qos);
            assertThat(arrival.duplicate()).as("queued, never sent before").isFalse();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("clean session 1 discards the stored session and its subscriptions [MQTT-3.1.2-6], session present 0 "
            + "[MQTT-3.2.2-1]")
    void cleanSessionDiscardsSession(int version) throws Exception {
        leaveDurableSubscription(version, "gone/#", 1);
        boolean[] sessionPresent = new boolean[1];
        MqttClient publisher = paho.connect("publisher", version);
        publisher.publish("gone/x", bytes("queued for the old session"), 1, false);

        Inbox inbox = new Inbox();
        MqttClient clean = connect("durable", version, true, inbox, sessionPresent);
        assertThat(sessionPresent[0]).isFalse();
        clean.subscribe("fence", 1);
        publisher.publish("gone/x", bytes("after clean start"), 1, false);
        publisher.publish("fence", bytes("end"), 1, false);
        assertThat(inbox.payloadsBefore("end")).isEmpty();

        goOffline(clean);
        connect("durable", version, false, new Inbox(), sessionPresent);
        assertThat(sessionPresent[0]).as("a clean session ends with its connection").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("a session resumed twice keeps its subscriptions and gets only new messages")
    void resumedSessionKeepsSubscriptions(int version) throws Exception {
        leaveDurableSubscription(version, "keep/#", 1);
        boolean[] sessionPresent = new boolean[1];
        MqttClient publisher = paho.connect("publisher", version);
        publisher.publish("keep/x", bytes("first"), 1, false);

        Inbox second = new Inbox();
        MqttClient again = connect("durable", version, false, second, sessionPresent);
        assertThat(second.next().payload()).isEqualTo("first");
        // Paho acknowledges after the callback returns: wait for the PUBACK, else "first" is (rightly) redelivered.
        awaitAcknowledged("durable");
        goOffline(again);
        publisher.publish("keep/x", bytes("second"), 1, false);

        Inbox third = new Inbox();
        connect("durable", version, false, third, sessionPresent);
        assertThat(sessionPresent[0]).isEqualTo(resumed(version));
        publisher.publish("keep/x", bytes("end"), 1, false);
        assertThat(third.payloadsBefore("end")).containsExactly("second");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("a second client with the same id takes over: the first is disconnected [MQTT-3.1.4-3], the second "
            + "works and resumes the session")
    void sessionTakeover(int version) throws Exception {
        boolean[] sessionPresent = new boolean[1];
        Inbox firstInbox = new Inbox();
        MqttClient first = connect("twin", version, false, firstInbox, sessionPresent);
        first.subscribe("twin/#", 1);

        Inbox secondInbox = new Inbox();
        MqttClient second = connect("twin", version, false, secondInbox, sessionPresent);

        assertThat(firstInbox.connectionLost()).isTrue();
        assertThat(first.isConnected()).isFalse();
        assertThat(sessionPresent[0]).isEqualTo(resumed(version));
        MqttClient publisher = paho.connect("publisher", version);
        publisher.publish("twin/a", bytes("to the new connection"), 1, false);
        assertThat(secondInbox.next()).isEqualTo(new Arrival("twin/a", "to the new connection", 1, false, false));
        second.subscribe("other", 1);
        second.publish("other", bytes("own"), 1, false);
        assertThat(secondInbox.next().payload()).isEqualTo("own");
        assertThat(second.isConnected()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("a takeover with clean session 1 starts afresh: the old subscriptions are gone")
    void cleanTakeoverStartsAfresh(int version) throws Exception {
        boolean[] sessionPresent = new boolean[1];
        Inbox firstInbox = new Inbox();
        connect("twin", version, false, firstInbox, sessionPresent).subscribe("twin/#", 1);

        Inbox secondInbox = new Inbox();
        MqttClient second = connect("twin", version, true, secondInbox, sessionPresent);
        assertThat(firstInbox.connectionLost()).isTrue();
        assertThat(sessionPresent[0]).isFalse();
        second.subscribe("fence", 1);
        MqttClient publisher = paho.connect("publisher", version);
        publisher.publish("twin/a", bytes("old subscription"), 1, false);
        publisher.publish("fence", bytes("end"), 1, false);
        assertThat(secondInbox.payloadsBefore("end")).isEmpty();
    }
}
