package io.weft.core.e2e;

import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** MQTT 5 round trips, CONNACK properties and acknowledgement reason codes, seen through Eclipse Paho v5. */
class PahoRoundTripMqtt5Test {

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start(TestBroker.settings().withMaximumPacketSize(65_536));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    @DisplayName("a message and its 5.0 properties pass through unchanged [MQTT-3.3.2-4], [MQTT-3.3.2-15..18], [MQTT-3.3.2-20]")
    void roundTripKeepsProperties(int qos) throws Exception {
        PahoRecorder inbox = new PahoRecorder();
        MqttClient subscriber = PahoRecorder.client(broker.uri(), "paho-sub", inbox);
        subscriber.connect(new MqttConnectionOptions());
        subscriber.subscribe("rt/#", 2);
        MqttClient publisher = PahoRecorder.client(broker.uri(), "paho-pub", new PahoRecorder());
        publisher.connect(new MqttConnectionOptions());

        org.eclipse.paho.mqttv5.common.packet.MqttProperties properties = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        properties.setUserProperties(List.of(new UserProperty("region", "eu"), new UserProperty("region", "us"),
                new UserProperty("trace", "42")));
        properties.setContentType("application/json");
        properties.setResponseTopic("rt/replies");
        properties.setCorrelationData(new byte[] {1, 2, 3, 0, -1});
        properties.setPayloadFormat(true);
        publisher.publish("rt/a", new MqttMessage("{\"v\":1}".getBytes(StandardCharsets.UTF_8), qos, false, properties));

        PahoRecorder.Received received = inbox.next();
        assertThat(received.topic()).isEqualTo("rt/a");
        assertThat(received.payload()).isEqualTo("{\"v\":1}");
        assertThat(received.message().getQos()).isEqualTo(qos);
        var delivered = received.message().getProperties();
        assertThat(delivered.getUserProperties()).extracting(p -> p.getKey() + "=" + p.getValue())
                .containsExactly("region=eu", "region=us", "trace=42"); // order kept [MQTT-3.3.2-18]
        assertThat(delivered.getContentType()).isEqualTo("application/json");
        assertThat(delivered.getResponseTopic()).isEqualTo("rt/replies");
        assertThat(delivered.getCorrelationData()).containsExactly(1, 2, 3, 0, -1);
        assertThat(delivered.getPayloadFormat()).isTrue();
        publisher.disconnect();
        subscriber.disconnect();
    }

    @Test
    @DisplayName("an empty client id gets an assigned identifier in CONNACK [MQTT-3.2.2-16]")
    void assignedClientIdentifier() throws Exception {
        MqttClient client = PahoRecorder.client(broker.uri(), "", new PahoRecorder());
        IMqttToken token = client.connectWithResult(new MqttConnectionOptions());
        String assigned = token.getResponseProperties().getAssignedClientIdentifier();
        assertThat(assigned).isNotBlank();
        assertThat(broker.broker().sessions().get(assigned)).as("the session under the assigned id").isNotNull();
        client.disconnect();
    }

    @Test
    @DisplayName("CONNACK announces the broker's Maximum Packet Size and the shared subscriptions setting")
    void connAckProperties() throws Exception {
        MqttClient client = PahoRecorder.client(broker.uri(), "paho-connack", new PahoRecorder());
        IMqttToken token = client.connectWithResult(new MqttConnectionOptions());
        var properties = token.getResponseProperties();
        assertThat(properties.getMaximumPacketSize()).isEqualTo(65_536L);
        assertThat(properties.isSharedSubscriptionAvailable()).isTrue(); // mqtt.shared-subscriptions, default true
        assertThat(properties.getAssignedClientIdentifier()).as("the client chose its id").isNull();
        client.disconnect();
    }

    @Test
    @DisplayName("shared subscriptions switched off: $share is refused with SUBACK 0x9E, the others are granted")
    void sharedSubscriptionRefused() {
        broker.close();
        broker = TestBroker.start(SharedSubscriptionMqtt5Test.sharedSubscriptionsOff());
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.send(new Connect(ProtocolVersion.MQTT_5, "raw-share", true, 60, null, null, null, MqttProperties.EMPTY));
            assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            client.send(new Subscribe(7, List.of(Subscription.of("$share/g/t", QoS.AT_LEAST_ONCE),
                    Subscription.of("t", QoS.AT_LEAST_ONCE)), MqttProperties.EMPTY));
            SubAck subAck = client.receive(SubAck.class);
            assertThat(subAck.packetId()).isEqualTo(7);
            assertThat(subAck.reasonCodes()).containsExactly(ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED,
                    ReasonCode.GRANTED_QOS_1);
        }
    }

    @Test
    @DisplayName("PUBACK says 0x10 No matching subscribers when nobody subscribes, 0x00 otherwise")
    void pubAckReasonCodes() throws Exception {
        MqttAsyncClient publisher = new MqttAsyncClient(broker.uri(), "paho-async-pub", new MemoryPersistence());
        publisher.connect(new MqttConnectionOptions()).waitForCompletion(5_000);

        IMqttToken unmatched = publisher.publish("nobody/listens", "x".getBytes(StandardCharsets.UTF_8), 1, false);
        unmatched.waitForCompletion(5_000);
        assertThat(unmatched.getReasonCodes()).containsExactly(0x10);

        PahoRecorder inbox = new PahoRecorder();
        MqttClient subscriber = PahoRecorder.client(broker.uri(), "paho-listener", inbox);
        subscriber.connect(new MqttConnectionOptions());
        subscriber.subscribe("nobody/listens", 1);
        IMqttToken matched = publisher.publish("nobody/listens", "y".getBytes(StandardCharsets.UTF_8), 1, false);
        matched.waitForCompletion(5_000);
        assertThat(matched.getReasonCodes()).containsExactly(0x00);
        assertThat(inbox.next().payload()).isEqualTo("y");

        publisher.disconnect().waitForCompletion(5_000);
        publisher.close();
        subscriber.disconnect();
    }
}
