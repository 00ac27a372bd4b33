package io.weft.core.e2e;

import io.weft.core.SysSettings;
import io.weft.core.e2e.Mqtt3Clients.Arrival;
import io.weft.core.e2e.Mqtt3Clients.Inbox;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.sys.SysTopics;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import static io.weft.core.e2e.Mqtt3Clients.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker's statistics under $SYS/broker/, seen by Paho 3.1.1 subscribers: live values, retained values on
 * subscribe, '$' topics kept from leading wildcards, and nothing at all when the setting is off.
 */
class SysTopicsMqtt3Test {

    private static final int VERSION = MqttConnectOptions.MQTT_VERSION_3_1_1;
    /** Long enough that only the publication at start happens during a test. */
    private static final Duration ONCE = Duration.ofHours(1);
    private static final Duration OFTEN = Duration.ofMillis(50);
    private static final List<String> STANDARD_TOPICS = List.of("version", "uptime", "clients/connected",
            "clients/total", "clients/maximum", "messages/received", "messages/sent", "bytes/received",
            "bytes/sent", "subscriptions/count", "retained messages/count");

    private final Queue<MqttClient> clients = new ConcurrentLinkedQueue<>();
    private TestBroker broker;

    @AfterEach
    void closeAll() throws MqttException {
        for (MqttClient client : clients) {
            Mqtt3Clients.close(client);
        }
        broker.close();
    }

    private void start(boolean enabled, Duration interval) {
        broker = TestBroker.start(TestBroker.settings().with(new SysSettings(enabled, interval)));
    }

    private MqttClient connect(String clientId, boolean cleanSession, MqttCallback callback) throws MqttException {
        MqttClient client = Mqtt3Clients.client(broker, clientId, new Inbox());
        client.setCallback(callback);
        clients.add(client);
        client.connect(Mqtt3Clients.options(VERSION, cleanSession));
        return client;
    }

    /** A client subscribed to {@code filter}; its watcher records every $SYS value it gets. */
    private SysWatcher watch(String clientId, String filter) throws MqttException {
        SysWatcher watcher = new SysWatcher();
        connect(clientId, true, watcher).subscribe(filter, 0);
        return watcher;
    }

    @Test
    @DisplayName("a $SYS/broker/# subscriber sees the counts change: clients, messages, drops, bytes")
    void liveValues() throws Exception {
        start(true, OFTEN);
        SysWatcher watcher = watch("watcher", SysTopics.PREFIX + "#");
        await().untilAsserted(() -> assertThat(watcher.latest).containsKeys(STANDARD_TOPICS.toArray(String[]::new)));
        assertThat(watcher.latest.get("version")).isEqualTo("weft " + io.weft.core.Broker.version())
                .matches("weft \\d+\\.\\d+.*");
        assertThat(watcher.latest).containsKeys("messages/dropped/queue-full", "messages/dropped/offline",
                "messages/refused/disk-full", "messages/refused/sys-topic");
        watcher.awaitValue("clients/connected", "1");

        MqttClient other = connect("other", true, new Inbox());
        watcher.awaitValue("clients/connected", "2");
        watcher.awaitValue("clients/maximum", "2");
        other.disconnect();
        watcher.awaitValue("clients/connected", "1");
        assertThat(watcher.latest.get("clients/maximum")).isEqualTo("2");

        // An offline persistent session: counted in clients/total, and a QoS 0 message for it is dropped.
        MqttClient offline = connect("offline", false, new Inbox());
        offline.subscribe("drop/me", 0);
        offline.disconnect();
        watcher.awaitValue("clients/total", "2");
        watcher.awaitValue("subscriptions/count", "2");
        long received = Long.parseLong(watcher.latest.get("messages/received"));
        long bytesReceived = Long.parseLong(watcher.latest.get("bytes/received"));
        MqttClient publisher = connect("publisher", true, new Inbox());
        for (int i = 0; i < 3; i++) {
            publisher.publish("drop/me", bytes("gone " + i), 0, false);
        }
        watcher.awaitValue("messages/received", Long.toString(received + 3));
        watcher.awaitValue("messages/dropped/offline", "3");
        assertThat(Long.parseLong(watcher.latest.get("bytes/received"))).isGreaterThan(bytesReceived);
        assertThat(Long.parseLong(watcher.latest.get("bytes/sent"))).isPositive();
        assertThat(Long.parseLong(watcher.latest.get("messages/sent"))).isPositive();
    }

    @Test
    @DisplayName("the values are retained: a later subscriber gets each one at once, with the retain flag")
    void retainedOnSubscribe() throws Exception {
        start(true, ONCE);
        int topics = STANDARD_TOPICS.size() + dropCounterCount();
        SysWatcher first = watch("first", SysTopics.PREFIX + "#");
        await().untilAsserted(() -> assertThat(first.latest).hasSize(topics)); // the publication at start is done

        SysWatcher late = watch("late", SysTopics.PREFIX + "#");
        await().untilAsserted(() -> assertThat(late.latest).hasSize(topics));
        assertThat(late.latest).containsKeys(STANDARD_TOPICS.toArray(String[]::new));
        assertThat(late.arrivals).hasSize(topics).allMatch(Arrival::retained).allMatch(arrival -> arrival.qos() == 0);
        assertThat(late.latest.get("clients/connected")).isEqualTo("0"); // published as the broker started
    }

    @Test
    @DisplayName("'#' and '+/broker/#' do not match $SYS topics, live or retained [MQTT-4.7.2-1]; '$SYS/#' does")
    void wildcardsDoNotMatchSys() throws Exception {
        start(true, OFTEN);
        SysWatcher sys = watch("sys", "$SYS/#");
        sys.awaitValue("clients/connected", "1");
        Inbox everything = new Inbox();
        connect("everything", true, everything).subscribe(new String[] {"#", "+/broker/#"}, new int[] {0, 0});

        MqttClient publisher = connect("publisher", true, new Inbox());
        sys.awaitValue("clients/connected", "3"); // a live $SYS message after "everything" subscribed
        publisher.publish("end", bytes("end"), 0, false);
        assertThat(everything.until("end")).extracting(Arrival::topic).containsExactly("end");
    }

    @Test
    @DisplayName("with $SYS off nothing is published")
    void disabledPublishesNothing() throws Exception {
        start(false, Duration.ofMillis(10));
        SysWatcher watcher = watch("watcher", "$SYS/#");
        Inbox inbox = new Inbox();
        MqttClient publisher = connect("publisher", true, inbox);
        publisher.subscribe("end", 0);
        publisher.publish("end", bytes("end"), 0, false);
        assertThat(inbox.until("end")).hasSize(1);
        // Thirty intervals: an enabled broker would have published every value by then.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(watcher.arrivals).isEmpty());
    }

    /** The dropped and refused counters, each of which has a topic. */
    private static int dropCounterCount() {
        return (int) Arrays.stream(BrokerCounters.class.getFields())
                .filter(field -> field.getType() == LongAdder.class)
                .filter(field -> field.getName().startsWith("dropped") || field.getName().startsWith("refused"))
                .count();
    }

    /** Thread-safe (Paho's callback thread writes, the test thread reads): the $SYS values one client got. */
    private static final class SysWatcher implements MqttCallback {

        /** Topic without the $SYS/broker/ prefix to the latest value. */
        final Map<String, String> latest = new ConcurrentHashMap<>();
        final Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            arrivals.add(Arrival.of(topic, message));
            latest.put(topic.substring(SysTopics.PREFIX.length()),
                    new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        void awaitValue(String topic, String value) {
            await().untilAsserted(() -> assertThat(latest.get(topic)).as(topic).isEqualTo(value));
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
