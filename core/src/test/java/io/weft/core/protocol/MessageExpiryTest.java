package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.store.StateRecords;
import io.weft.core.store.StoredMessage;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.weft.core.protocol.JournalBroker.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Message Expiry Interval while the broker runs, at the wire: behind the window, retained, towards 3.1.1. */
class MessageExpiryTest {

    private final JournalBroker brokers = new JournalBroker();

    @AfterEach
    void stop() {
        brokers.close();
    }

    private static Publish publish(int packetId, String topic, String text, boolean retain, Long expirySeconds) {
        MqttProperties properties = expirySeconds == null ? MqttProperties.EMPTY
                : MqttProperties.builder().put(PropertyId.MESSAGE_EXPIRY_INTERVAL, expirySeconds).build();
        return new Publish(false, QoS.AT_LEAST_ONCE, retain, topic, packetId, properties,
                text.getBytes(StandardCharsets.UTF_8));
    }

    private static void publishAcknowledged(RawClient publisher, Publish publish) {
        publisher.send(publish);
        assertThat(publisher.receive(PubAck.class).packetId()).isEqualTo(publish.packetId());
    }

    private static void waitUntilPassed(long sinceMillis, long millis) {
        await().atMost(Duration.ofMillis(millis + 5_000)).pollInterval(Duration.ofMillis(20))
                .until(() -> System.currentTimeMillis() - sinceMillis >= millis);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] a copy that expires while it waits behind the inflight window is not sent; the one "
            + "in flight is not withdrawn")
    void expiresBehindTheInflightWindow() {
        TestBroker broker = brokers.start();
        MqttProperties oneInFlight = MqttProperties.builder().put(PropertyId.RECEIVE_MAXIMUM, 1).build();
        try (RawClient subscriber = Clients.connected(broker,
                new Connect(ProtocolVersion.MQTT_5, "window", true, 0, null, null, null, oneInFlight));
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "window-pub")) {
            Clients.subscribe(subscriber, 1, "window/#", QoS.AT_LEAST_ONCE);
            publishAcknowledged(publisher, publish(1, "window/a", "in flight", false, 1L));
            publishAcknowledged(publisher, publish(2, "window/b", "waits", false, 1L));
            long published = System.currentTimeMillis();
            Publish inFlight = subscriber.receive(Publish.class);
            assertThat(text(inFlight)).isEqualTo("in flight");
            waitUntilPassed(published, 1_100);

            subscriber.send(new PubAck(inFlight.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(subscriber);
            assertThat(broker.broker().counters().droppedExpired.sum()).isEqualTo(1);
            publishAcknowledged(publisher, publish(3, "window/c", "later", false, null));
            assertThat(text(subscriber.receive(Publish.class))).isEqualTo("later");
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] an expired retained message is not sent on subscribe and is removed from the index and "
            + "the journal")
    void expiredRetainedMessageIsRemovedFromTheJournal() {
        TestBroker broker = brokers.start();
        try (RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "retain-pub")) {
            publishAcknowledged(publisher, publish(1, "kept/short", "short", true, 1L));
            publishAcknowledged(publisher, publish(2, "kept/long", "long", true, 600L));
        }
        long published = System.currentTimeMillis();
        assertThat(journaledRetainedTopics()).containsOnlyKeys("kept/short", "kept/long");
        waitUntilPassed(published, 1_100);

        try (RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_5, "retain-sub")) {
            subscriber.send(new Subscribe(1, List.of(Subscription.of("kept/#", QoS.AT_LEAST_ONCE)),
                    MqttProperties.EMPTY));
            subscriber.receive(SubAck.class);
            Publish live = subscriber.receive(Publish.class);
            assertThat(text(live)).isEqualTo("long");
            assertThat(live.retain()).isTrue();
            subscriber.send(new PubAck(live.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(subscriber);
        }
        assertThat(journaledRetainedTopics()).as("retainCleared journaled").containsOnlyKeys("kept/long");
        assertThat(broker.broker().counters().droppedExpired.sum()).isEqualTo(1);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] expiry applies towards a 3.1.1 subscriber too, which gets no property")
    void expiryAppliesToMqtt3Subscribers() {
        TestBroker broker = brokers.start();
        try (RawClient subscriber = brokers.persistent(ProtocolVersion.MQTT_3_1_1, "old", false)) {
            Clients.subscribe(subscriber, 1, "old/#", QoS.AT_LEAST_ONCE);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !broker.broker().sessions().get("old").isConnected());
        try (RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "old-pub")) {
            publishAcknowledged(publisher, publish(1, "old/short", "short", false, 1L));
            publishAcknowledged(publisher, publish(2, "old/long", "long", false, 600L));
        }
        waitUntilPassed(System.currentTimeMillis(), 1_100);
        try (RawClient subscriber = brokers.persistent(ProtocolVersion.MQTT_3_1_1, "old", true)) {
            Publish live = subscriber.receive(Publish.class);
            assertThat(text(live)).isEqualTo("long");
            assertThat(live.properties().isEmpty()).isTrue();
            subscriber.send(new PubAck(live.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(subscriber);
        }
        assertThat(broker.broker().counters().droppedExpired.sum()).isEqualTo(1);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] a copy of a journaled session that expired in its queue needs no journal record: "
            + "neither a restart before nor one after a checkpoint brings it back")
    void expiredJournaledCopyStaysGoneAcrossRestarts() {
        TestBroker broker = brokers.start();
        try (RawClient subscriber = brokers.persistent(ProtocolVersion.MQTT_5, "journaled", false)) {
            Clients.subscribe(subscriber, 1, "journaled/#", QoS.AT_LEAST_ONCE);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !broker.broker().sessions().get("journaled").isConnected());
        try (RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "journaled-pub")) {
            publishAcknowledged(publisher, publish(1, "journaled/short", "short", false, 1L));
        }
        waitUntilPassed(System.currentTimeMillis(), 1_100);
        brokers.restart();
        try (RawClient subscriber = brokers.persistent(ProtocolVersion.MQTT_5, "journaled", true)) {
            Clients.expectNothingQueued(subscriber);
        }

        TestBroker restarted = brokers.broker();
        try (RawClient publisher = Clients.connected(restarted, ProtocolVersion.MQTT_5, "journaled-pub")) {
            publishAcknowledged(publisher, publish(2, "journaled/short", "again", false, 1L));
        }
        waitUntilPassed(System.currentTimeMillis(), 1_100);
        try (RawClient subscriber = brokers.persistent(ProtocolVersion.MQTT_5, "journaled", true)) {
            Clients.expectNothingQueued(subscriber); // dropped at runtime, without a record
        }
        assertThat(restarted.broker().counters().droppedExpired.sum()).isEqualTo(1);
        brokers.restart(); // before any checkpoint: the journal still holds the copy, recovery drops it
        try (RawClient subscriber = brokers.persistent(ProtocolVersion.MQTT_5, "journaled", true)) {
            Clients.expectNothingQueued(subscriber);
        }
        brokers.journal.requestCheckpoint();
        try (RawClient publisher = Clients.connected(brokers.broker(), ProtocolVersion.MQTT_5, "journaled-pub")) {
            publishAcknowledged(publisher, publish(3, "journaled/other", "checkpoint", false, null));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> brokers.journal.checkpoints() > 0);
        brokers.restart();
        try (RawClient subscriber = brokers.persistent(ProtocolVersion.MQTT_5, "journaled", true)) {
            Publish live = subscriber.receive(Publish.class);
            assertThat(text(live)).isEqualTo("checkpoint");
            subscriber.send(new PubAck(live.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(subscriber);
        }
    }

    /** The retained messages the journal would restore, by topic (its records replayed, as at a start). */
    private Map<String, StoredMessage> journaledRetainedTopics() {
        Map<String, StoredMessage> retained = new HashMap<>();
        StateRecords recorder = (StateRecords) Proxy.newProxyInstance(StateRecords.class.getClassLoader(),
                new Class<?>[] {StateRecords.class}, (proxy, method, arguments) -> {
                    switch (method.getName()) {
                        case "retained" -> {
                            StoredMessage stored = (StoredMessage) arguments[0];
                            retained.put(stored.message().topic(), stored);
                        }
                        case "retainCleared" -> retained.remove((String) arguments[0]);
                        default -> {
                        }
                    }
                    return null;
                });
        brokers.journal.replay(recorder);
        return retained;
    }
}
