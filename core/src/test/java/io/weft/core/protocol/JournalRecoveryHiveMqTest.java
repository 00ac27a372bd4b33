package io.weft.core.protocol;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.weft.core.session.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real MQTT 5 client (HiveMQ) resumes its session across a broker restart on the same journal. */
class JournalRecoveryHiveMqTest {

    private final JournalBroker brokers = new JournalBroker();

    @AfterEach
    void stop() {
        brokers.close();
    }

    private Mqtt5BlockingClient client(String identifier) {
        return Mqtt5Client.builder().identifier(identifier).serverHost("127.0.0.1")
                .serverPort(brokers.broker().port()).buildBlocking();
    }

    @Test
    @DisplayName("[MQTT-3.2.2-3] [MQTT-4.6.0-6] HiveMQ: QoS 1 and 2 messages queued for an offline session arrive in "
            + "order after a broker restart, and the session's subscription still routes")
    void hiveMqSessionSurvivesRestart() throws InterruptedException {
        brokers.start();
        Mqtt5BlockingClient subscriber = client("hive-durable");
        assertThat(subscriber.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().isSessionPresent())
                .isFalse();
        subscriber.subscribeWith().topicFilter("hive/#").qos(MqttQos.EXACTLY_ONCE).send();
        subscriber.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Session session = brokers.broker().broker().sessions().get("hive-durable");
            return session != null && !session.isConnected();
        });

        Mqtt5BlockingClient publisher = client("hive-publisher");
        publisher.connect();
        for (int i = 1; i <= 6; i++) {
            publisher.publishWith().topic("hive/" + i).qos(i % 2 == 0 ? MqttQos.EXACTLY_ONCE : MqttQos.AT_LEAST_ONCE)
                    .payload(("message " + i).getBytes(StandardCharsets.UTF_8)).send();
        }
        publisher.disconnect();

        brokers.restart();
        Mqtt5BlockingClient resumed = client("hive-durable");
        try (Mqtt5Publishes publishes = resumed.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(resumed.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().isSessionPresent())
                    .as("session present after the restart").isTrue();
            List<String> received = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                received.add(text(next(publishes)));
            }
            assertThat(received).containsExactly("message 1", "message 2", "message 3", "message 4", "message 5",
                    "message 6");

            Mqtt5BlockingClient later = client("hive-publisher");
            later.connect();
            later.publishWith().topic("hive/after").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("after the restart".getBytes(StandardCharsets.UTF_8)).send();
            later.disconnect();
            assertThat(text(next(publishes))).isEqualTo("after the restart");
        } finally {
            resumed.disconnect();
        }
    }

    private static Mqtt5Publish next(Mqtt5Publishes publishes) throws InterruptedException {
        Optional<Mqtt5Publish> publish = publishes.receive(5, TimeUnit.SECONDS);
        assertThat(publish).as("a message within 5 s").isPresent();
        return publish.orElseThrow();
    }

    private static String text(Mqtt5Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }
}
