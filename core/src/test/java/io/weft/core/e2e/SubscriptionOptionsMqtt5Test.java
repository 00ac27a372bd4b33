package io.weft.core.e2e;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.weft.core.e2e.HiveClients.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscription options of MQTT 5 (no local, retain as published, retain handling) and subscription
 * identifiers. Absence is proven by order: a later marker message arrives first.
 */
class SubscriptionOptionsMqtt5Test {

    private TestBroker broker;
    private Mqtt5BlockingClient publisher;

    @BeforeEach
    void start() {
        broker = TestBroker.start();
        publisher = connected("options-publisher");
    }

    @AfterEach
    void stop() {
        publisher.disconnect();
        broker.close();
    }

    /** A HiveMQ client, connected with a clean start. */
    private Mqtt5BlockingClient connected(String identifier) {
        Mqtt5BlockingClient client = HiveClients.client(broker, identifier);
        client.connect();
        return client;
    }

    /** Subscribes to {@code rh/#} at QoS 1 with the given retain handling. */
    private static void subscribeRetained(Mqtt5BlockingClient client, Mqtt5RetainHandling handling) {
        client.subscribeWith().topicFilter("rh/#").qos(MqttQos.AT_LEAST_ONCE).retainHandling(handling).send();
    }

    private static void publish(Mqtt5BlockingClient client, String topic, String payload, boolean retain) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    private static Mqtt5Publish next(Mqtt5Publishes publishes) throws InterruptedException {
        return HiveClients.receive(publishes);
    }

    @Test
    @DisplayName("no local: a client's own message is not sent back to it [MQTT-3.8.3-3], others still get it")
    void noLocal() throws Exception {
        Mqtt5BlockingClient self = connected("no-local-self");
        Mqtt5BlockingClient other = connected("no-local-other");
        try (Mqtt5Publishes own = self.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt5Publishes others = other.publishes(MqttGlobalPublishFilter.ALL)) {
            self.subscribeWith().topicFilter("nl/t").qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send();
            other.subscribeWith().topicFilter("nl/t").qos(MqttQos.AT_LEAST_ONCE).send();
            publish(self, "nl/t", "mine", false);
            assertThat(text(next(others))).isEqualTo("mine");
            publish(other, "nl/t", "theirs", false);
            assertThat(text(next(own))).as("the first message self gets is the other's").isEqualTo("theirs");
            assertThat(text(next(others))).isEqualTo("theirs");
        }
        self.disconnect();
        other.disconnect();
    }

    @Test
    @DisplayName("retain as published keeps the RETAIN flag for a live subscription [MQTT-3.3.1-13], otherwise 0 [MQTT-3.3.1-12]")
    void retainAsPublished() throws Exception {
        Mqtt5BlockingClient keeps = connected("rap-on");
        Mqtt5BlockingClient clears = connected("rap-off");
        try (Mqtt5Publishes kept = keeps.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt5Publishes cleared = clears.publishes(MqttGlobalPublishFilter.ALL)) {
            keeps.subscribeWith().topicFilter("rap/t").qos(MqttQos.AT_LEAST_ONCE).retainAsPublished(true).send();
            clears.subscribeWith().topicFilter("rap/t").qos(MqttQos.AT_LEAST_ONCE).send();
            publish(publisher, "rap/t", "flagged", true);
            Mqtt5Publish withFlag = next(kept);
            assertThat(text(withFlag)).isEqualTo("flagged");
            assertThat(withFlag.isRetain()).isTrue();
            Mqtt5Publish withoutFlag = next(cleared);
            assertThat(text(withoutFlag)).isEqualTo("flagged");
            assertThat(withoutFlag.isRetain()).isFalse();
        }
        keeps.disconnect();
        clears.disconnect();
    }

    @Test
    @DisplayName("retain handling 0 sends retained messages on every SUBSCRIBE [MQTT-3.3.1-9]")
    void retainHandlingSend() throws Exception {
        publish(publisher, "rh/t", "kept", true);
        Mqtt5BlockingClient client = connected("rh-0");
        try (Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            for (int round = 0; round < 2; round++) {
                subscribeRetained(client, Mqtt5RetainHandling.SEND);
                Mqtt5Publish retained = next(publishes);
                assertThat(text(retained)).isEqualTo("kept");
                assertThat(retained.isRetain()).as("sent because of the subscription: RETAIN 1").isTrue();
            }
        }
        client.disconnect();
    }

    @Test
    @DisplayName("retain handling 1 sends retained messages only for a new subscription [MQTT-3.3.1-10]")
    void retainHandlingSendIfNew() throws Exception {
        publish(publisher, "rh/t", "kept", true);
        Mqtt5BlockingClient client = connected("rh-1");
        try (Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            subscribeRetained(client, Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST);
            assertThat(text(next(publishes))).isEqualTo("kept");
            subscribeRetained(client, Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST);
            publish(publisher, "rh/t", "marker", false);
            Mqtt5Publish first = next(publishes);
            assertThat(text(first)).as("no retained message for the existing subscription").isEqualTo("marker");
            assertThat(first.isRetain()).isFalse();
        }
        client.disconnect();
    }

    @Test
    @DisplayName("retain handling 2 never sends retained messages on SUBSCRIBE [MQTT-3.3.1-11]")
    void retainHandlingDoNotSend() throws Exception {
        publish(publisher, "rh/t", "kept", true);
        Mqtt5BlockingClient client = connected("rh-2");
        try (Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            subscribeRetained(client, Mqtt5RetainHandling.DO_NOT_SEND);
            publish(publisher, "rh/t", "marker", false);
            assertThat(text(next(publishes))).isEqualTo("marker");
        }
        client.disconnect();
    }

    @Test
    @DisplayName("overlapping subscriptions: one copy with every subscription identifier, at the highest granted QoS [MQTT-3.3.4-2] (3.1.1: [MQTT-3.3.5-1]), [MQTT-3.3.4-3], [MQTT-3.3.4-4]")
    void subscriptionIdentifiersOnOneCopy() throws Exception {
        PahoRecorder inbox = new PahoRecorder();
        MqttAsyncClient client = new MqttAsyncClient(broker.uri(), "paho-ids", new MemoryPersistence());
        client.setCallback(inbox);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUseSubscriptionIdentifiers(false); // the test chooses the identifiers itself
        client.connect(options).waitForCompletion(5_000);
        subscribe(client, new MqttSubscription("si/+", 0), 7);
        subscribe(client, new MqttSubscription("si/#", 2), 9);

        publisher.publishWith().topic("si/a").qos(MqttQos.EXACTLY_ONCE).payload("both".getBytes(StandardCharsets.UTF_8)).send();
        PahoRecorder.Received both = inbox.next();
        assertThat(both.payload()).isEqualTo("both");
        assertThat(both.message().getQos()).isEqualTo(2);
        assertThat(both.message().getProperties().getSubscriptionIdentifiers()).containsExactlyInAnyOrder(7, 9);

        publish(publisher, "si/a/b", "deeper", false);
        PahoRecorder.Received deeper = inbox.next();
        assertThat(deeper.payload()).as("no second copy of the first message").isEqualTo("deeper");
        assertThat(deeper.message().getQos()).isEqualTo(1);
        assertThat(deeper.message().getProperties().getSubscriptionIdentifiers()).containsExactly(9);

        client.disconnect().waitForCompletion(5_000);
        client.close();
    }

    private static void subscribe(MqttAsyncClient client, MqttSubscription subscription, int identifier)
            throws Exception {
        MqttProperties properties = new MqttProperties();
        properties.setSubscriptionIdentifier(identifier);
        client.subscribe(new MqttSubscription[] {subscription}, null, null, properties).waitForCompletion(5_000);
    }
}
