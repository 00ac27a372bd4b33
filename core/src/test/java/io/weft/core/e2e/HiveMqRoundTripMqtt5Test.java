package io.weft.core.e2e;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos1Result;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos2Result;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** MQTT 5 (and one 3.1.1) round trips and CONNACK / acknowledgement details, seen through the HiveMQ client. */
class HiveMqRoundTripMqtt5Test {

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start(TestBroker.settings().withMaximumPacketSize(100_000));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private Mqtt5BlockingClient client(String identifier) {
        return HiveClients.client(broker, identifier);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MqttQos.class)
    @DisplayName("a message and its 5.0 properties pass through unchanged [MQTT-3.3.2-4], [MQTT-3.3.2-15..18], [MQTT-3.3.2-20]")
    void roundTripKeepsProperties(MqttQos qos) throws Exception {
        Mqtt5BlockingClient subscriber = client("hive-sub");
        subscriber.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter("rt/+").qos(MqttQos.EXACTLY_ONCE).send();
            Mqtt5BlockingClient publisher = client("hive-pub");
            publisher.connect();
            publisher.publishWith().topic("rt/b").qos(qos).payload("hello".getBytes(StandardCharsets.UTF_8))
                    .userProperties().add("k", "v1").add("k", "v2").add("other", "").applyUserProperties()
                    .contentType("text/plain").responseTopic("rt/answer")
                    .correlationData(new byte[] {9, 8, 7})
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                    .send();

            Mqtt5Publish received = HiveClients.receive(publishes);
            assertThat(received.getTopic().toString()).isEqualTo("rt/b");
            assertThat(HiveClients.text(received)).isEqualTo("hello");
            assertThat(received.getQos()).isEqualTo(qos);
            assertThat(received.getUserProperties().asList()).extracting(p -> p.getName() + "=" + p.getValue())
                    .containsExactly("k=v1", "k=v2", "other=");
            assertThat(received.getContentType()).map(Object::toString).contains("text/plain");
            assertThat(received.getResponseTopic()).map(Object::toString).contains("rt/answer");
            assertThat(received.getCorrelationData()).contains(ByteBuffer.wrap(new byte[] {9, 8, 7}));
            assertThat(received.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
            publisher.disconnect();
        }
        subscriber.disconnect();
    }

    @Test
    @DisplayName("HiveMQ's 3.1.1 client: a QoS 1 round trip")
    void mqtt311RoundTrip() throws Exception {
        Mqtt3BlockingClient subscriber = Mqtt3Client.builder().identifier("hive3-sub").serverHost("127.0.0.1")
                .serverPort(broker.port()).buildBlocking();
        subscriber.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter("v3/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt3BlockingClient publisher = Mqtt3Client.builder().identifier("hive3-pub").serverHost("127.0.0.1")
                    .serverPort(broker.port()).buildBlocking();
            publisher.connect();
            publisher.publishWith().topic("v3/x").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("three".getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt3Publish> received = publishes.receive(5, TimeUnit.SECONDS);
            assertThat(received).isPresent();
            assertThat(received.orElseThrow().getTopic().toString()).isEqualTo("v3/x");
            assertThat(new String(received.orElseThrow().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("three");
            assertThat(received.orElseThrow().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            publisher.disconnect();
        }
        subscriber.disconnect();
    }

    @Test
    @DisplayName("an empty client id gets an assigned identifier [MQTT-3.2.2-16]; CONNACK restrictions are announced")
    void assignedIdentifierAndRestrictions() {
        Mqtt5BlockingClient client = Mqtt5Client.builder().serverHost("127.0.0.1").serverPort(broker.port())
                .buildBlocking();
        Mqtt5ConnAck connAck = client.connect();
        assertThat(connAck.isSessionPresent()).isFalse();
        String assigned = connAck.getAssignedClientIdentifier().orElseThrow().toString();
        assertThat(assigned).isNotEmpty();
        assertThat(broker.broker().sessions().get(assigned)).isNotNull();
        assertThat(connAck.getRestrictions().getMaximumPacketSize()).isEqualTo(100_000);
        // Shared Subscription Available follows mqtt.shared-subscriptions (true by default).
        assertThat(connAck.getRestrictions().isSharedSubscriptionAvailable()).isTrue();
        client.disconnect();
    }

    @Test
    @DisplayName("shared subscriptions switched off: SUBACK 0x9E for $share/g/t, granted QoS for the rest")
    void sharedSubscriptionRefused() {
        broker.close();
        broker = TestBroker.start(SharedSubscriptionMqtt5Test.sharedSubscriptionsOff());
        Mqtt5BlockingClient client = client("hive-share");
        client.connect();
        Mqtt5Subscribe subscribe = Mqtt5Subscribe.builder()
                .addSubscription(Mqtt5Subscription.builder().topicFilter("$share/g/t").qos(MqttQos.AT_LEAST_ONCE).build())
                .addSubscription(Mqtt5Subscription.builder().topicFilter("t").qos(MqttQos.AT_LEAST_ONCE).build())
                .build();
        // HiveMQ reports a SUBACK with any error code as an exception that carries the SUBACK.
        Mqtt5SubAckException refused = catchThrowableOfType(Mqtt5SubAckException.class, () -> client.subscribe(subscribe));
        Mqtt5SubAck subAck = refused.getMqttMessage();
        assertThat(subAck.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED,
                Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        client.disconnect();
    }

    @Test
    @DisplayName("PUBACK / PUBREC 0x10 No matching subscribers when nobody subscribes, 0x00 otherwise")
    void noMatchingSubscribers() throws Exception {
        Mqtt5BlockingClient publisher = client("hive-lonely");
        publisher.connect();
        Mqtt5Qos1Result unmatched = (Mqtt5Qos1Result) publisher.publishWith().topic("empty/room")
                .qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
        assertThat(unmatched.getPubAck().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
        Mqtt5Qos2Result unmatchedTwice = (Mqtt5Qos2Result) publisher.publishWith().topic("empty/room")
                .qos(MqttQos.EXACTLY_ONCE).payload(new byte[] {2}).send();
        assertThat(unmatchedTwice.getPubRec().getReasonCode()).isEqualTo(Mqtt5PubRecReasonCode.NO_MATCHING_SUBSCRIBERS);

        Mqtt5BlockingClient subscriber = client("hive-company");
        subscriber.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter("empty/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5Qos1Result matched = (Mqtt5Qos1Result) publisher.publishWith().topic("empty/room")
                    .qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {3}).send();
            assertThat(matched.getPubAck().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            assertThat(HiveClients.receive(publishes).getPayloadAsBytes()).containsExactly(3);
        }
        subscriber.disconnect();
        publisher.disconnect();
    }
}
