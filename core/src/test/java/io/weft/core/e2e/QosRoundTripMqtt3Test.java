package io.weft.core.e2e;

import io.weft.core.e2e.Mqtt3Clients.Arrival;
import io.weft.core.e2e.Mqtt3Clients.Inbox;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.weft.core.e2e.Mqtt3Clients.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** QoS 0, 1 and 2 through the broker with Paho, for MQTT 3.1 and 3.1.1. */
class QosRoundTripMqtt3Test {

    @RegisterExtension
    final PahoBrokerExtension paho = new PahoBrokerExtension();

    static Stream<Arguments> versionsAndQos() {
        return Mqtt3Clients.versions().flatMap(version -> IntStream.rangeClosed(0, 2).boxed()
                .flatMap(publishQos -> IntStream.rangeClosed(0, 2).mapToObj(subscribeQos ->
                        Arguments.of(version, publishQos, subscribeQos))));
    }

    @ParameterizedTest(name = "{0}: publish QoS {1}, subscription QoS {2}")
    @MethodSource("versionsAndQos")
    @DisplayName("delivered QoS is min(publish QoS, granted QoS) [MQTT-3.8.4-8], topic and payload intact")
    void roundTrip(int version, int publishQos, int subscribeQos) throws Exception {
        Inbox inbox = new Inbox();
        MqttClient subscriber = paho.connect("sub", version, inbox);
        String topic = "qos/ünïcødé/" + publishQos + "/" + subscribeQos;
        IMqttToken granted = subscriber.subscribeWithResponse(topic, subscribeQos);
        assertThat(granted.getGrantedQos()).containsExactly(subscribeQos);

        MqttClient publisher = paho.connect("pub", version);
        String payload = "payload ✓ " + publishQos + subscribeQos;
        publisher.publish(topic, bytes(payload), publishQos, false);

        Arrival arrival = inbox.next();
        assertThat(arrival.topic()).isEqualTo(topic);
        assertThat(arrival.payload()).isEqualTo(payload);
        assertThat(arrival.qos()).isEqualTo(Math.min(publishQos, subscribeQos));
        assertThat(arrival.retained()).isFalse();
        assertThat(arrival.duplicate()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("a 200 KB payload and an empty payload arrive unchanged")
    void largeAndEmptyPayloads(int version) throws Exception {
        Inbox inbox = paho.subscribe("sub", version, "size/#", 1);
        MqttClient publisher = paho.connect("pub", version);
        String large = "0123456789abcdef".repeat(200 * 1024 / 16);

        publisher.publish("size/large", bytes(large), 1, false);
        publisher.publish("size/empty", new byte[0], 1, false);

        assertThat(inbox.next().payload()).isEqualTo(large);
        Arrival empty = inbox.next();
        assertThat(empty.topic()).isEqualTo("size/empty");
        assertThat(empty.payload()).isEmpty();
    }

    static Stream<Arguments> versionsAndReliableQos() {
        return Mqtt3Clients.versions().flatMap(version -> Stream.of(1, 2)
                .map(qos -> Arguments.of(version, Named.of("QoS " + qos, qos))));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("versionsAndReliableQos")
    @DisplayName("500 messages from one publisher arrive in publish order [MQTT-4.6.0-5], QoS 2 exactly once")
    void manyMessagesInOrder(int version, int qos) throws Exception {
        Inbox inbox = paho.subscribe("sub", version, "order/#", qos);
        MqttClient publisher = paho.connect("pub", version);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String payload = Integer.toString(i);
            expected.add(payload);
            // Alternate topics: order holds per publisher over the whole session, not per topic only.
            publisher.publish("order/" + (i % 3), bytes(payload), qos, false);
        }
        publisher.publish("order/end", bytes("end"), qos, false);

        List<Arrival> received = inbox.until("end");
        List<String> payloads = received.subList(0, received.size() - 1).stream()
                .filter(arrival -> qos == 2 || !arrival.duplicate()) // QoS 1 may resend, flagged DUP
                .map(Arrival::payload).toList();
        assertThat(payloads).containsExactlyElementsOf(expected);
        assertThat(received).allSatisfy(arrival -> assertThat(arrival.qos()).isEqualTo(qos));
        if (qos == 2) {
            assertThat(received).noneMatch(Arrival::duplicate);
        }
    }
}
