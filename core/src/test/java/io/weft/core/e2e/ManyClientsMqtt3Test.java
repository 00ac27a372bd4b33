package io.weft.core.e2e;

import io.weft.core.e2e.Mqtt3Clients.Arrival;
import io.weft.core.e2e.Mqtt3Clients.Inbox;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.weft.core.e2e.Mqtt3Clients.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** Many Paho clients at once against one broker, for MQTT 3.1 and 3.1.1. */
class ManyClientsMqtt3Test {

    private static final int PUBLISHERS = 50;
    private static final int MESSAGES_PER_PUBLISHER = 100;

    @RegisterExtension
    final PahoBrokerExtension paho = new PahoBrokerExtension();
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    /** Runs before the extension closes the clients and the broker. */
    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** Runs the tasks concurrently and waits for all of them, rethrowing the first failure. */
    private <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        List<Future<T>> futures = pool.invokeAll(tasks);
        List<T> results = new ArrayList<>(futures.size());
        for (Future<T> future : futures) {
            results.add(future.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    private static List<String> sequence(int count) {
        return IntStream.range(0, count).mapToObj(Integer::toString).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("50 publishers x 100 QoS 1 messages reach one wildcard subscriber: all 5000, in order per publisher "
            + "[MQTT-4.6.0-5]")
    void manyPublishersOneSubscriber(int version) throws Exception {
        Inbox inbox = new Inbox();
        MqttClient subscriber = paho.connect("subscriber", version, inbox);
        subscriber.subscribe("load/+", 1);

        List<Callable<Void>> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            String clientId = "publisher-" + p;
            publishers.add(() -> {
                MqttClient publisher = Mqtt3Clients.connect(paho.broker(), clientId, version, new Inbox());
                try {
                    for (int m = 0; m < MESSAGES_PER_PUBLISHER; m++) {
                        publisher.publish("load/" + clientId, bytes(Integer.toString(m)), 1, false);
                    }
                } finally {
                    Mqtt3Clients.close(publisher);
                }
                return null;
            });
        }
        runAll(publishers);

        Map<String, List<String>> byTopic = new TreeMap<>();
        for (Arrival arrival : inbox.next(PUBLISHERS * MESSAGES_PER_PUBLISHER)) {
            assertThat(arrival.qos()).isEqualTo(1);
            byTopic.computeIfAbsent(arrival.topic(), topic -> new ArrayList<>()).add(arrival.payload());
        }
        assertThat(byTopic).hasSize(PUBLISHERS);
        assertThat(byTopic.values()).allSatisfy(payloads ->
                assertThat(payloads).containsExactlyElementsOf(sequence(MESSAGES_PER_PUBLISHER)));

        subscriber.publish("load/end", bytes("end"), 1, false);
        assertThat(inbox.payloadsBefore("end")).as("no duplicates after the 5000").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("one publisher, 20 subscribers: each gets all 200 QoS 2 messages exactly once, in order")
    void onePublisherManySubscribers(int version) throws Exception {
        int subscriberCount = 20;
        int messages = 200;
        List<Callable<Inbox>> subscribers = new ArrayList<>();
        for (int s = 0; s < subscriberCount; s++) {
            String clientId = "subscriber-" + s;
            subscribers.add(() -> paho.subscribe(clientId, version, "fan/#", 2));
        }
        List<Inbox> inboxes = runAll(subscribers);

        MqttClient publisher = paho.connect("publisher", version);
        for (int m = 0; m < messages; m++) {
            publisher.publish("fan/out", bytes(Integer.toString(m)), 2, false);
        }
        publisher.publish("fan/out", bytes("end"), 2, false);

        for (Inbox inbox : inboxes) {
            List<Arrival> received = inbox.until("end");
            assertThat(received).extracting(Arrival::payload).containsExactlyElementsOf(
                    IntStream.rangeClosed(0, messages).mapToObj(m -> m == messages ? "end" : Integer.toString(m)).toList());
            assertThat(received).noneMatch(Arrival::duplicate);
        }
    }
}
