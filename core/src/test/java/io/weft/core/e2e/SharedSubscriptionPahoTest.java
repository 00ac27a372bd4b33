package io.weft.core.e2e;

import io.weft.core.e2e.Mqtt3Clients.Inbox;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared subscriptions with Paho clients: MQTT 5, and 3.1 / 3.1.1 clients too (as mosquitto allows; the
 * {@code $share/} prefix is read the same way whatever the client's version). A marker on a non-shared
 * subscription, published last, closes what each member received.
 */
class SharedSubscriptionPahoTest {

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static List<String> numbered(int count) {
        return IntStream.range(0, count).mapToObj(index -> "n" + index).toList();
    }

    @Test
    @DisplayName("Paho MQTT 5: two members of $share/p5/t split the messages evenly, each exactly once")
    void pahoMqtt5() throws Exception {
        List<PahoRecorder> inboxes = new ArrayList<>();
        List<org.eclipse.paho.mqttv5.client.MqttClient> clients = new ArrayList<>();
        for (String id : List.of("p5-a", "p5-b")) {
            PahoRecorder inbox = new PahoRecorder();
            org.eclipse.paho.mqttv5.client.MqttClient client = PahoRecorder.client(broker.uri(), id, inbox);
            client.connect(new MqttConnectionOptions());
            client.subscribe("$share/p5/t", 1);
            client.subscribe("marker", 1);
            inboxes.add(inbox);
            clients.add(client);
        }
        org.eclipse.paho.mqttv5.client.MqttClient publisher =
                PahoRecorder.client(broker.uri(), "p5-publisher", new PahoRecorder());
        publisher.connect(new MqttConnectionOptions());
        List<String> sent = numbered(10);
        for (String payload : sent) {
            publisher.publish("t", new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, null));
        }
        publisher.publish("marker", new MqttMessage("marker".getBytes(StandardCharsets.UTF_8), 1, false, null));

        List<String> all = new ArrayList<>();
        for (PahoRecorder inbox : inboxes) {
            List<String> own = new ArrayList<>();
            for (String payload = inbox.next().payload(); !payload.equals("marker"); payload = inbox.next().payload()) {
                own.add(payload);
            }
            assertThat(own).as("round robin over two members").hasSize(5);
            all.addAll(own);
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(sent);
        publisher.disconnect();
        for (org.eclipse.paho.mqttv5.client.MqttClient client : clients) {
            client.disconnect();
        }
    }

    static Stream<Named<Integer>> versions() {
        return Mqtt3Clients.versions();
    }

    @ParameterizedTest
    @MethodSource("versions")
    @DisplayName("Paho 3.x: two members of $share/p3/t split the messages evenly, each exactly once")
    void pahoMqtt3(int version) throws Exception {
        Inbox first = new Inbox();
        Inbox second = new Inbox();
        MqttClient a = Mqtt3Clients.connect(broker, "p3-a", version, first);
        MqttClient b = Mqtt3Clients.connect(broker, "p3-b", version, second);
        for (MqttClient member : List.of(a, b)) {
            member.subscribe("$share/p3/t", 1);
            member.subscribe("marker", 1);
        }
        MqttClient publisher = Mqtt3Clients.connect(broker, "p3-publisher", version, new Inbox());
        List<String> sent = numbered(10);
        for (String payload : sent) {
            publisher.publish("t", Mqtt3Clients.bytes(payload), 1, false);
        }
        publisher.publish("marker", Mqtt3Clients.bytes("marker"), 1, false);

        List<String> fromFirst = first.payloadsBefore("marker");
        List<String> fromSecond = second.payloadsBefore("marker");
        assertThat(fromFirst).hasSize(5);
        assertThat(fromSecond).hasSize(5);
        List<String> all = new ArrayList<>(fromFirst);
        all.addAll(fromSecond);
        assertThat(all).containsExactlyInAnyOrderElementsOf(sent);
        for (MqttClient client : List.of(a, b, publisher)) {
            Mqtt3Clients.close(client);
        }
    }
}
