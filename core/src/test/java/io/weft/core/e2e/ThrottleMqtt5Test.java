package io.weft.core.e2e;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.weft.core.testing.Limits;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The per-client publish rate seen from the HiveMQ client: throughput is bounded, a flood is disconnected. */
class ThrottleMqtt5Test {

    private TestBroker broker;
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Mqtt5BlockingClient client : clients) {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
        broker.close();
    }

    private Mqtt5BlockingClient connected(String identifier) {
        Mqtt5BlockingClient client = HiveClients.client(broker, identifier);
        client.connect();
        clients.add(client);
        return client;
    }

    @Test
    @DisplayName("publish rate 50/s: 150 QoS 1 messages from a HiveMQ publisher all arrive, paced by the broker's parked reader")
    void publisherThroughputIsBounded() throws Exception {
        broker = TestBroker.start(TestBroker.settings().with(Limits.throughput(50, 0, Duration.ofSeconds(60))));
        Mqtt5BlockingClient subscriber = connected("hive-sub");
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter("paced").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5AsyncClient publisher = connected("hive-pub").toAsync();
            List<CompletableFuture<Mqtt5PublishResult>> sent = new ArrayList<>();
            for (int message = 0; message < 150; message++) {
                sent.add(publisher.publishWith().topic("paced").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(Integer.toString(message).getBytes(StandardCharsets.UTF_8)).send());
            }
            for (int message = 0; message < 150; message++) {
                assertThat(HiveClients.text(HiveClients.receive(publishes))).isEqualTo(Integer.toString(message));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(sent).allSatisfy(result -> assertThat(result.join().getError()).isEmpty());
        }
        // 100 messages beyond the one-second burst at 50/s are 2 s of debt; some is paid while the client's
        // messages are on their way or being handled, not parked: allow half a second of it.
        double throttledSeconds = broker.broker().counters().throttledNanos.sum() / 1e9;
        assertThat(throttledSeconds).isGreaterThanOrEqualTo((150 - 50 - 25) / 50.0);
        assertThat(broker.broker().counters().disconnectedMessageRate.sum()).isZero();
    }

    @Test
    @DisplayName("a HiveMQ flood at 10/s held back for the 500 ms tolerance is disconnected with 0x96 Message rate too high")
    void floodIsDisconnectedWithMessageRateTooHigh() {
        broker = TestBroker.start(TestBroker.settings().with(Limits.throughput(10, 0, Duration.ofMillis(500))));
        AtomicReference<Throwable> cause = new AtomicReference<>();
        Mqtt5AsyncClient flooder = Mqtt5Client.builder().identifier("hive-flood").serverHost("127.0.0.1")
                .serverPort(broker.port()).addDisconnectedListener(context -> cause.set(context.getCause()))
                .buildAsync();
        flooder.connect().join();
        for (int message = 0; message < 200; message++) {
            flooder.publishWith().topic("flood").qos(MqttQos.AT_MOST_ONCE).payload(new byte[10]).send();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cause.get() != null);
        assertThat(cause.get()).isInstanceOf(Mqtt5DisconnectException.class);
        assertThat(((Mqtt5DisconnectException) cause.get()).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.MESSAGE_RATE_TOO_HIGH);
        assertThat(broker.broker().counters().disconnectedMessageRate.sum()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().connectionCount() == 0);
    }
}
