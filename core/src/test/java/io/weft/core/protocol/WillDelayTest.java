package io.weft.core.protocol;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.weft.core.protocol.WillWatcher.text;
import static io.weft.core.protocol.WillWatcher.withDelayedWill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MQTT 5 Will Delay Interval (3.1.3.2.2): the will waits until the delay has passed or the session ends, whichever
 * comes first, and a new connection to the session before then cancels it [MQTT-3.1.3-9]. Deadlines are wall-clock
 * times from when the client's connection ended; "not before" is checked a little short of the delay.
 */
class WillDelayTest {

    private static final long EARLY_MARGIN_MILLIS = 500;
    private static final long LATE_MARGIN_MILLIS = 2_000;

    private TestBroker broker;
    private WillWatcher watcher;

    @BeforeEach
    void start() {
        broker = TestBroker.start();
        watcher = WillWatcher.connect(broker);
    }

    @AfterEach
    void stop() {
        watcher.close();
        broker.close();
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] [MQTT-3.1.2-8] a will with a delay of 2 s is not published before the delay, and is "
            + "published after it")
    void willWaitsForItsDelay() throws Exception {
        RawClient client = withDelayedWill(broker, "delayed", true, 2, 60);
        long endedAt = System.currentTimeMillis();
        client.close();

        watcher.nothingUntil(endedAt + 2_000 - EARLY_MARGIN_MILLIS, "no will before its delay");
        Mqtt5Publish will = watcher.receiveBy(endedAt + 2_000 + LATE_MARGIN_MILLIS, "the will after its delay");
        assertThat(will.getTopic().toString()).isEqualTo("will/delayed");
        assertThat(text(will)).isEqualTo("gone delayed");
        assertThat(broker.broker().sessions().get("delayed").pendingWill()).as("no longer pending").isNull();
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] a new connection to the session within the will delay cancels the will")
    void reconnectWithinTheDelayCancelsTheWill() throws Exception {
        RawClient client = withDelayedWill(broker, "returning", true, 2, 60);
        long endedAt = System.currentTimeMillis();
        client.close();
        await().atMost(Duration.ofSeconds(1)).until(
                () -> broker.broker().sessions().get("returning").pendingWill() != null);

        try (RawClient again = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            again.send(new Connect(ProtocolVersion.MQTT_5, "returning", false, 0, null, null, null,
                    MqttProperties.builder().put(PropertyId.SESSION_EXPIRY_INTERVAL, 60L).build()));
            assertThat(again.receive(ConnAck.class).sessionPresent()).isTrue();
            assertThat(broker.broker().sessions().get("returning").pendingWill()).isNull();
            watcher.nothingUntil(endedAt + 2_000 + LATE_MARGIN_MILLIS, "the will was cancelled by the reconnect");
            again.send(new Disconnect(ReasonCode.NORMAL_DISCONNECTION, MqttProperties.EMPTY));
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] [MQTT-3.1.2-23] a session expiry of 1 s shorter than a will delay of 60 s: the will is "
            + "published when the session ends")
    void sessionExpiryBeforeTheDelayPublishesTheWill() throws Exception {
        RawClient client = withDelayedWill(broker, "short-lived", true, 60, 1);
        long endedAt = System.currentTimeMillis();
        client.close();

        watcher.nothingUntil(endedAt + 1_000 - EARLY_MARGIN_MILLIS, "no will while the session lives");
        Mqtt5Publish will = watcher.receiveBy(endedAt + 1_000 + LATE_MARGIN_MILLIS, "the will when the session ends");
        assertThat(text(will)).isEqualTo("gone short-lived");
        await().atMost(Duration.ofSeconds(2)).until(() -> broker.broker().sessions().get("short-lived") == null);
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] [MQTT-3.14.4-3] DISCONNECT 0x04 (with will message) and a will delay of 2 s: the will "
            + "waits for its delay")
    void disconnectWithWillMessageHonoursTheDelay() throws Exception {
        RawClient client = withDelayedWill(broker, "leaving", true, 2, 60);
        client.send(new Disconnect(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE, MqttProperties.EMPTY));
        long endedAt = System.currentTimeMillis();
        assertThat(client.closedByBroker()).isTrue();
        client.close();

        watcher.nothingUntil(endedAt + 2_000 - EARLY_MARGIN_MILLIS, "no will before its delay");
        assertThat(text(watcher.receiveBy(endedAt + 2_000 + LATE_MARGIN_MILLIS, "the will after its delay")))
                .isEqualTo("gone leaving");
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] [MQTT-3.1.2-4] session expiry 0: the session ends with the connection, so a delayed "
            + "will is published at once")
    void sessionThatEndsWithTheConnectionPublishesAtOnce() throws Exception {
        RawClient client = withDelayedWill(broker, "fleeting", true, 60, 0);
        long endedAt = System.currentTimeMillis();
        client.close();

        assertThat(text(watcher.receiveBy(endedAt + LATE_MARGIN_MILLIS, "the will at once"))).isEqualTo("gone fleeting");
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] [MQTT-3.1.2-4] a new connection with clean start ends the old session: its pending will "
            + "is published then, not after the delay")
    void cleanStartEndsTheSessionAndPublishesTheWill() throws Exception {
        RawClient client = withDelayedWill(broker, "replaced", true, 60, 3600);
        client.close();
        await().atMost(Duration.ofSeconds(1)).until(
                () -> broker.broker().sessions().get("replaced").pendingWill() != null);

        try (RawClient fresh = Clients.connected(broker, ProtocolVersion.MQTT_5, "replaced")) {
            long startedAt = System.currentTimeMillis();
            assertThat(text(watcher.receiveBy(startedAt + LATE_MARGIN_MILLIS, "the will when the session ended")))
                    .isEqualTo("gone replaced");
            Clients.expectNothingQueued(fresh);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] a takeover that resumes the session (clean start 0) does not publish the old "
            + "connection's delayed will")
    void takeoverResumingTheSessionDropsTheWill() throws Exception {
        RawClient client = withDelayedWill(broker, "taken", true, 1, 60);
        long endedAt = System.currentTimeMillis();
        try (RawClient successor = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            successor.send(new Connect(ProtocolVersion.MQTT_5, "taken", false, 0, null, null, null,
                    MqttProperties.builder().put(PropertyId.SESSION_EXPIRY_INTERVAL, 60L).build()));
            assertThat(successor.receive(ConnAck.class).sessionPresent()).isTrue();
            assertThat(client.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.SESSION_TAKEN_OVER);
            client.close();
            watcher.nothingUntil(endedAt + 1_000 + LATE_MARGIN_MILLIS, "the session lives on with a new connection");
            successor.send(new Disconnect(ReasonCode.NORMAL_DISCONNECTION, MqttProperties.EMPTY));
        }
    }
}
