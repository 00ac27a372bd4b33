package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.session.Message;
import io.weft.core.session.Session;
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

import static io.weft.core.protocol.WillWatcher.text;
import static io.weft.core.protocol.WillWatcher.withDelayedWill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delayed wills survive a restart on the same journal [MQTT-3.1.3-9]: a pending will is published when the rest of
 * its delay has passed, at once if that passed while the broker was down, and never if a new connection cancelled it.
 * The watcher has a persistent session, so a will published at start-up waits in its queue.
 */
class JournalWillTest {

    private static final long EARLY_MARGIN_MILLIS = 500;
    private static final long LATE_MARGIN_MILLIS = 2_000;
    private static final String WATCHER = "will-watcher";

    private final JournalBroker brokers = new JournalBroker();

    @AfterEach
    void stop() {
        brokers.close();
    }

    /** The client's connection ends with a delayed will pending; returns when that happened (wall clock). */
    private long leaveDelayedWill(String clientId, long delaySeconds) {
        RawClient client = withDelayedWill(brokers.broker(), clientId, true, delaySeconds, 3600);
        long endedAt = System.currentTimeMillis();
        client.close();
        await().atMost(Duration.ofSeconds(2)).until(() -> pendingWill(clientId));
        return endedAt;
    }

    private boolean pendingWill(String clientId) {
        Session session = brokers.broker().broker().sessions().get(clientId);
        return session != null && session.pendingWill() != null;
    }

    /** The watcher subscribes, then goes offline; its session keeps the subscription. */
    private void watcherSubscribes() {
        WillWatcher.persistent(brokers.broker(), WATCHER).close();
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] a will pending at a restart is published when the rest of its delay has passed")
    void pendingWillWaitsForTheRestOfItsDelay() throws Exception {
        brokers.start();
        watcherSubscribes();
        long endedAt = leaveDelayedWill("sleeper", 3);

        brokers.restart();
        assertThat(pendingWill("sleeper")).as("the will is pending after the restart").isTrue();
        try (WillWatcher watcher = WillWatcher.persistent(brokers.broker(), WATCHER)) {
            watcher.nothingUntil(endedAt + 3_000 - EARLY_MARGIN_MILLIS, "no will before its delay");
            assertThat(text(watcher.receiveBy(endedAt + 3_000 + LATE_MARGIN_MILLIS, "the will after its delay")))
                    .isEqualTo("gone sleeper");
        }
        assertThat(pendingWill("sleeper")).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] a will whose delay passed while the broker was down is published at start-up")
    void willDueDuringTheDowntimeIsPublishedAtStart() throws Exception {
        brokers.start();
        watcherSubscribes();
        long endedAt = leaveDelayedWill("overdue", 2);
        brokers.broker().close();
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > endedAt + 2_500);

        TestBroker broker = brokers.start();
        long startedAt = System.currentTimeMillis();
        try (WillWatcher watcher = WillWatcher.persistent(broker, WATCHER)) {
            assertThat(text(watcher.receiveBy(startedAt + LATE_MARGIN_MILLIS, "the will at start-up")))
                    .isEqualTo("gone overdue");
        }
        assertThat(pendingWill("overdue")).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] a new connection before the restart cancelled the will: it is not published after it")
    void reconnectBeforeTheRestartCancelsTheWill() throws Exception {
        brokers.start();
        watcherSubscribes();
        long endedAt = leaveDelayedWill("returned", 2);
        try (RawClient again = new RawClient(brokers.broker().port(), ProtocolVersion.MQTT_5)) {
            again.send(new Connect(ProtocolVersion.MQTT_5, "returned", false, 0, null, null, null,
                    MqttProperties.builder().put(PropertyId.SESSION_EXPIRY_INTERVAL, 3600L).build()));
            assertThat(again.receive(ConnAck.class).sessionPresent()).isTrue();
            again.send(new Disconnect(ReasonCode.NORMAL_DISCONNECTION, MqttProperties.EMPTY));
            assertThat(again.closedByBroker()).isTrue();
        }

        brokers.restart();
        assertThat(brokers.broker().broker().sessions().get("returned")).as("the session survives").isNotNull();
        assertThat(pendingWill("returned")).as("no will pending after the restart").isFalse();
        try (WillWatcher watcher = WillWatcher.persistent(brokers.broker(), WATCHER)) {
            watcher.nothingUntil(endedAt + 2_000 + LATE_MARGIN_MILLIS, "the cancelled will is never published");
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] a checkpoint keeps a pending will: after a restart it is still published on time")
    void checkpointKeepsThePendingWill() throws Exception {
        TestBroker broker = brokers.start();
        watcherSubscribes();
        long endedAt = leaveDelayedWill("checkpointed", 3);
        brokers.journal.requestCheckpoint();
        try (RawClient nudge = Clients.connected(broker, ProtocolVersion.MQTT_5, "nudge")) {
            Clients.subscribe(nudge, 1, "nudge", QoS.AT_MOST_ONCE); // one more ring batch writes the checkpoint
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> brokers.journal.checkpoints() > 0);

        brokers.restart();
        assertThat(pendingWill("checkpointed")).as("the checkpoint held the will").isTrue();
        try (WillWatcher watcher = WillWatcher.persistent(brokers.broker(), WATCHER)) {
            watcher.nothingUntil(endedAt + 3_000 - EARLY_MARGIN_MILLIS, "no will before its delay");
            assertThat(text(watcher.receiveBy(endedAt + 3_000 + LATE_MARGIN_MILLIS, "the will after its delay")))
                    .isEqualTo("gone checkpointed");
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] [MQTT-3.1.2-23] journaled wills: one long overdue, and one whose session expired while "
            + "the broker was down, are both published at start-up; a cancelled one is not")
    void storedWillsAtStartUp() throws Exception {
        long now = System.currentTimeMillis();
        SubscriptionOptions options = new SubscriptionOptions(QoS.AT_LEAST_ONCE, false, false,
                RetainHandling.SEND_ON_SUBSCRIBE, 0);
        brokers.journal.session(WATCHER, SessionRegistry.NEVER_EXPIRES, 0);
        brokers.journal.subscribed(WATCHER, WillWatcher.FILTER, options);
        brokers.journal.detached(WATCHER, SessionRegistry.NEVER_EXPIRES, now - 60_000);
        storedWill("overdue", SessionRegistry.NEVER_EXPIRES, now - 3_600_000, now - 3_000_000);
        storedWill("expired", 10, now - 60_000, now + 3_600_000);
        storedWill("cancelled", SessionRegistry.NEVER_EXPIRES, now - 60_000, now - 1_000);
        brokers.journal.willCancelled("cancelled");
        TestBroker broker = brokers.start();

        assertThat(broker.broker().sessions().get("expired")).as("expired while the broker was down").isNull();
        try (WillWatcher watcher = WillWatcher.persistent(broker, WATCHER)) {
            long startedAt = System.currentTimeMillis();
            String first = text(watcher.receiveBy(startedAt + LATE_MARGIN_MILLIS, "a will at start-up"));
            String second = text(watcher.receiveBy(startedAt + LATE_MARGIN_MILLIS, "another will at start-up"));
            assertThat(java.util.List.of(first, second)).containsExactlyInAnyOrder("gone overdue", "gone expired");
            watcher.nothingUntil(System.currentTimeMillis() + 500, "the cancelled will is not published");
        }
    }

    private void storedWill(String clientId, long expirySeconds, long detachedAtMillis, long publishAtMillis) {
        brokers.journal.session(clientId, expirySeconds, 0);
        brokers.journal.detached(clientId, expirySeconds, detachedAtMillis);
        Message will = new Message("will/" + clientId, ("gone " + clientId).getBytes(StandardCharsets.UTF_8),
                QoS.AT_LEAST_ONCE, false, MqttProperties.EMPTY, clientId);
        brokers.journal.willScheduled(clientId, new StoredMessage(will, detachedAtMillis), publishAtMillis);
    }
}
