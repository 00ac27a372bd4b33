package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.session.Message;
import io.weft.core.session.SessionRegistry;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.StoredMessage;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.weft.core.protocol.JournalBroker.publish;
import static io.weft.core.protocol.JournalBroker.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Expiry counts wall-clock time across restarts: the state is written into the journal as if the broker had
 * stopped a while ago, then a broker starts on it.
 */
class JournalExpiryTest {

    private static final ProtocolVersion VERSION = ProtocolVersion.MQTT_5;
    private static final SubscriptionOptions AT_LEAST_ONCE = new SubscriptionOptions(QoS.AT_LEAST_ONCE, false, false,
            RetainHandling.SEND_ON_SUBSCRIBE, 0);

    private final JournalBroker brokers = new JournalBroker();
    private final long now = System.currentTimeMillis();

    @AfterEach
    void stop() {
        brokers.close();
    }

    /** A persistent session whose connection ended {@code secondsAgo} seconds ago, subscribed to {@code filter}. */
    private void storedSession(String clientId, long expirySeconds, long secondsAgo, String filter) {
        brokers.journal.session(clientId, expirySeconds, 0);
        brokers.journal.subscribed(clientId, filter, AT_LEAST_ONCE);
        brokers.journal.detached(clientId, expirySeconds, now - secondsAgo * 1000);
    }

    private static Message message(String topic, String text, boolean retain, Long expirySeconds) {
        MqttProperties properties = expirySeconds == null ? MqttProperties.EMPTY
                : MqttProperties.builder().put(PropertyId.MESSAGE_EXPIRY_INTERVAL, expirySeconds).build();
        return new Message(topic, text.getBytes(StandardCharsets.UTF_8), QoS.AT_LEAST_ONCE, retain, properties,
                "publisher");
    }

    @Test
    @DisplayName("[MQTT-3.1.2-23] [MQTT-3.2.2-3] a session whose expiry ran out while the broker was down is discarded "
            + "at start, subscriptions included; one still within it is resumed")
    void sessionExpiryCountsTheDowntime() {
        storedSession("expired", 10, 20, "gone/#");
        storedSession("kept", 60, 20, "kept/#");
        TestBroker broker = brokers.start();

        assertThat(broker.broker().sessions().get("expired")).as("discarded at start").isNull();
        try (RawClient publisher = Clients.connected(broker, VERSION, "publisher")) {
            publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, 1, "gone/x", "to nobody"));
            // The expired session's subscription left with it: 0x10 No matching subscribers.
            assertThat(publisher.receive(PubAck.class).reasonCode()).isEqualTo(ReasonCode.NO_MATCHING_SUBSCRIBERS);
            publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, 2, "kept/x", "to the kept session"));
            assertThat(publisher.receive(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
        try (RawClient expired = brokers.persistent(VERSION, "expired", false)) {
            Clients.expectNothingQueued(expired);
        }
        try (RawClient kept = brokers.persistent(VERSION, "kept", true)) {
            Publish queued = kept.receive(Publish.class);
            assertThat(text(queued)).isEqualTo("to the kept session");
            kept.send(new PubAck(queued.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(kept);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-23] a restored session expires when what remained of its interval has passed, not a "
            + "whole interval after the start")
    void restoredSessionExpiresAfterTheRemainingInterval() {
        storedSession("soon", 23, 20, "soon/#"); // about 3 s left at start
        storedSession("forever", SessionRegistry.NEVER_EXPIRES, 3600, "forever/#");
        TestBroker broker = brokers.start();
        assertThat(broker.broker().sessions().get("soon")).as("still within its interval at start").isNotNull();
        await().atMost(Duration.ofSeconds(15)).until(() -> broker.broker().sessions().get("soon") == null);
        assertThat(broker.broker().sessions().get("forever")).isNotNull();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] [MQTT-3.3.2-6] a queued copy whose message expired while stored is not delivered; a "
            + "live one is delivered with the interval that remains")
    void messageExpiryCountsTheDowntime() {
        storedSession("subscriber", SessionRegistry.NEVER_EXPIRES, 30, "expiry/#");
        brokers.journal.entry("subscriber", 0, new StoredMessage(message("expiry/a", "expired", false, 10L),
                now - 20_000), QoS.AT_LEAST_ONCE, false, List.of());
        brokers.journal.entry("subscriber", 1, new StoredMessage(message("expiry/b", "still live", false, 100L),
                now - 30_000), QoS.AT_LEAST_ONCE, false, List.of());
        brokers.journal.entry("subscriber", 2, new StoredMessage(message("expiry/c", "never expires", false, null),
                now - 30_000), QoS.AT_LEAST_ONCE, false, List.of());
        brokers.start();

        try (RawClient subscriber = brokers.persistent(VERSION, "subscriber", true)) {
            Publish live = subscriber.receive(Publish.class);
            assertThat(text(live)).isEqualTo("still live");
            assertThat(live.packetId()).as("the packet id of sequence 1").isEqualTo(2);
            Long remaining = live.properties().fourByteInteger(PropertyId.MESSAGE_EXPIRY_INTERVAL);
            assertThat(remaining).as("100 s less the 30 s it was stored").isBetween(1L, 70L);
            Publish forever = subscriber.receive(Publish.class);
            assertThat(text(forever)).isEqualTo("never expires");
            assertThat(forever.properties().contains(PropertyId.MESSAGE_EXPIRY_INTERVAL)).isFalse();
            subscriber.send(new PubAck(live.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            subscriber.send(new PubAck(forever.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(subscriber);
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] [MQTT-3.3.2-6] a retained message that expired while stored is gone after a restart; "
            + "a live one keeps the interval that remains")
    void retainedMessageExpiryCountsTheDowntime() {
        brokers.journal.retained(new StoredMessage(message("retained/expired", "expired", true, 10L), now - 20_000));
        brokers.journal.retained(new StoredMessage(message("retained/live", "live", true, 100L), now - 30_000));
        TestBroker broker = brokers.start();

        try (RawClient subscriber = Clients.connected(broker, VERSION, "subscriber")) {
            Clients.subscribe(subscriber, 1, "retained/#", QoS.AT_LEAST_ONCE);
            Publish live = subscriber.receive(Publish.class);
            assertThat(live.topic()).isEqualTo("retained/live");
            assertThat(live.retain()).isTrue();
            assertThat(live.properties().fourByteInteger(PropertyId.MESSAGE_EXPIRY_INTERVAL)).isBetween(1L, 70L);
            subscriber.send(new PubAck(live.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(subscriber);
        }
    }
}
