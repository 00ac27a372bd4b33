package io.weft.core.e2e;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Message Expiry Interval while the broker runs, seen through the HiveMQ and Paho MQTT 5 clients. */
class MessageExpiryMqtt5Test {

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    /** Waits (with a deadline) until {@code millis} have passed since {@code sinceMillis}, wall clock. */
    private static void waitUntilPassed(long sinceMillis, long millis) {
        await().atMost(Duration.ofMillis(millis + 5_000)).pollInterval(Duration.ofMillis(20))
                .until(() -> System.currentTimeMillis() - sinceMillis >= millis);
    }

    /** A persistent HiveMQ subscriber to {@code filter} at QoS 1 that has gone offline. */
    private Mqtt5BlockingClient offlineSubscriber(String identifier, String filter) {
        Mqtt5BlockingClient subscriber = HiveClients.client(broker, identifier);
        subscriber.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
        subscriber.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        subscriber.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> !broker.broker().sessions().get(identifier).isConnected());
        return subscriber;
    }

    private Mqtt5BlockingClient publisher() {
        Mqtt5BlockingClient publisher = HiveClients.client(broker, "hive-expiry-pub");
        publisher.connect();
        return publisher;
    }

    @Test
    @DisplayName("[MQTT-3.3.2-6] a queued message is forwarded with its expiry interval less the time it waited")
    void remainingIntervalIsForwarded() throws Exception {
        Mqtt5BlockingClient subscriber = offlineSubscriber("hive-expiry-sub", "expiry/#");
        Mqtt5BlockingClient publisher = publisher();
        publisher.publishWith().topic("expiry/a").qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(10)
                .payload("ten seconds".getBytes(StandardCharsets.UTF_8)).send();
        long published = System.currentTimeMillis();
        waitUntilPassed(published, 2_000);

        try (Mqtt5Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
            Mqtt5Publish received = HiveClients.receive(publishes);
            assertThat(HiveClients.text(received)).isEqualTo("ten seconds");
            assertThat(received.getMessageExpiryInterval()).isPresent();
            assertThat(received.getMessageExpiryInterval().getAsLong()).as("10 s less the 2 s it waited")
                    .isBetween(1L, 8L);
        }
        subscriber.disconnect();
        publisher.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] a message that expired while its subscriber was offline is not delivered; one without "
            + "an interval still is")
    void expiredQueuedMessageIsNotDelivered() throws Exception {
        Mqtt5BlockingClient subscriber = offlineSubscriber("hive-expiry-late", "late/#");
        Mqtt5BlockingClient publisher = publisher();
        publisher.publishWith().topic("late/short").qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(1)
                .payload("one second".getBytes(StandardCharsets.UTF_8)).send();
        publisher.publishWith().topic("late/forever").qos(MqttQos.AT_LEAST_ONCE)
                .payload("no expiry".getBytes(StandardCharsets.UTF_8)).send();
        long published = System.currentTimeMillis();
        waitUntilPassed(published, 1_100);

        try (Mqtt5Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
            Mqtt5Publish received = HiveClients.receive(publishes);
            assertThat(HiveClients.text(received)).isEqualTo("no expiry");
            assertThat(received.getMessageExpiryInterval()).isEmpty();
            Optional<Mqtt5Publish> more = publishes.receive(300, TimeUnit.MILLISECONDS);
            assertThat(more).as("the expired message").isEmpty();
        }
        assertThat(broker.broker().counters().droppedExpired.sum()).isEqualTo(1);
        subscriber.disconnect();
        publisher.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] [MQTT-3.3.2-6] an expired retained message is not sent on subscribe and is gone; a "
            + "live one comes with the interval that remains (Paho)")
    void retainedMessagesExpire() throws Exception {
        PahoRecorder publisherInbox = new PahoRecorder();
        MqttClient publisher = PahoRecorder.client(broker.uri(), "paho-expiry-pub", publisherInbox);
        publisher.connect(new MqttConnectionOptions());
        publisher.publish("retained/short", retained("short", 1L));
        publisher.publish("retained/long", retained("long", 100L));
        long published = System.currentTimeMillis();
        waitUntilPassed(published, 1_100);

        PahoRecorder inbox = new PahoRecorder();
        MqttClient subscriber = PahoRecorder.client(broker.uri(), "paho-expiry-sub", inbox);
        subscriber.connect(new MqttConnectionOptions());
        subscriber.subscribe("retained/#", 1);
        PahoRecorder.Received received = inbox.next();
        assertThat(received.payload()).isEqualTo("long");
        assertThat(received.message().isRetained()).isTrue();
        assertThat(received.message().getProperties().getMessageExpiryInterval()).isBetween(1L, 99L);
        subscriber.unsubscribe("retained/#");
        subscriber.subscribe("retained/#", 1);
        assertThat(inbox.next().payload()).as("still retained").isEqualTo("long");
        assertThat(inbox.pending()).isZero();
        assertThat(broker.broker().counters().droppedExpired.sum()).as("the expired one, removed at once").isEqualTo(1);
        subscriber.disconnect();
        publisher.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-6] a QoS 0 message carries its expiry interval to a connected subscriber (Paho)")
    void atMostOnceCarriesTheInterval() throws Exception {
        PahoRecorder inbox = new PahoRecorder();
        MqttClient subscriber = PahoRecorder.client(broker.uri(), "paho-expiry-qos0-sub", inbox);
        subscriber.connect(new MqttConnectionOptions());
        subscriber.subscribe("qos0/#", 0);
        MqttClient publisher = PahoRecorder.client(broker.uri(), "paho-expiry-qos0-pub", new PahoRecorder());
        publisher.connect(new MqttConnectionOptions());
        MqttProperties properties = new MqttProperties();
        properties.setMessageExpiryInterval(30L);
        publisher.publish("qos0/a", new MqttMessage("now".getBytes(StandardCharsets.UTF_8), 0, false, properties));
        PahoRecorder.Received received = inbox.next();
        assertThat(received.message().getProperties().getMessageExpiryInterval()).isBetween(1L, 30L);
        subscriber.disconnect();
        publisher.disconnect();
    }

    private static MqttMessage retained(String text, long expirySeconds) {
        MqttProperties properties = new MqttProperties();
        properties.setMessageExpiryInterval(expirySeconds);
        return new MqttMessage(text.getBytes(StandardCharsets.UTF_8), 1, true, properties);
    }
}
