package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.Limits;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * limits.max-connections, listener.max-connections and limits.connection-rate: a connection beyond them is
 * read up to its CONNECT and refused with a CONNACK that says why [MQTT-3.2.2-6], then closed.
 */
class ConnectionLimitTest {

    private TestBroker broker;
    private final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(RawClient::close);
        broker.close();
    }

    private RawClient connect(ProtocolVersion version, String clientId) {
        RawClient client = new RawClient(broker.port(), version);
        clients.add(client);
        client.send(new Connect(version, clientId, true, 0, null, null, null, MqttProperties.EMPTY));
        return client;
    }

    /** 3.x knows no 0x89 or 0x9F: its return code 3, Server unavailable, decodes as 0x88. */
    private static ReasonCode refusalSeenBy(ProtocolVersion version, ReasonCode reason) {
        return version.isMqtt5() ? reason : ReasonCode.SERVER_UNAVAILABLE;
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    @DisplayName("[MQTT-3.2.2-6] beyond limits.max-connections: CONNACK 0x89 Server busy (3.x: 0x03), then close; a freed slot admits again")
    void brokerMaximum(ProtocolVersion version) {
        broker = TestBroker.start(TestBroker.settings().with(Limits.connections(2, 0, 0)));
        for (String id : List.of("one", "two")) {
            assertThat(connect(version, id).receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
        RawClient third = connect(version, "three");
        ConnAck refused = third.receive(ConnAck.class);
        assertThat(refused.reasonCode()).isEqualTo(refusalSeenBy(version, ReasonCode.SERVER_BUSY));
        assertThat(refused.sessionPresent()).isFalse();
        assertThat(third.closedByBroker()).isTrue();
        assertThat(broker.broker().counters().refusedConnectionLimit.sum()).isEqualTo(1);

        clients.getFirst().close();
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().connectionCount() == 1);
        assertThat(connect(version, "four").receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
    }

    @Test
    @DisplayName("beyond listener.max-connections: CONNACK 0x89 for 5.0, even when the broker-wide limit has room")
    void listenerMaximum() {
        broker = TestBroker.start(TestBroker.settings().with(Limits.connections(10, 1, 0)));
        assertThat(connect(ProtocolVersion.MQTT_5, "one").receive(ConnAck.class).reasonCode())
                .isEqualTo(ReasonCode.SUCCESS);
        RawClient second = connect(ProtocolVersion.MQTT_5, "two");
        assertThat(second.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SERVER_BUSY);
        assertThat(second.closedByBroker()).isTrue();
        assertThat(broker.broker().counters().refusedConnectionLimit.sum()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("beyond limits.connection-rate (1/s): CONNACK 0x9F Connection rate exceeded (3.x: 0x03), counted")
    void connectionRate(ProtocolVersion version) {
        broker = TestBroker.start(TestBroker.settings().with(Limits.connections(0, 0, 1)));
        int refused = 0;
        // Five connections back to back: at 1 a second at most a few can find a token, whatever the machine's pace.
        for (int attempt = 0; attempt < 5; attempt++) {
            RawClient client = connect(version, "rate-" + attempt);
            ReasonCode reason = client.receive(ConnAck.class).reasonCode();
            if (!reason.equals(ReasonCode.SUCCESS)) {
                assertThat(reason).isEqualTo(refusalSeenBy(version, ReasonCode.CONNECTION_RATE_EXCEEDED));
                assertThat(client.closedByBroker()).isTrue();
                refused++;
            }
        }
        assertThat(refused).isPositive();
        assertThat(broker.broker().counters().refusedConnectionRate.sum()).isEqualTo(refused);
        assertThat(broker.broker().counters().refusedConnectionLimit.sum()).isZero();
    }

    @Test
    @DisplayName("a refused connection that never sends CONNECT is closed at the connect timeout and holds no slot")
    void refusedSilentConnectionTimesOut() {
        broker = TestBroker.start(TestBroker.settings().withConnectTimeout(Duration.ofSeconds(1))
                .with(Limits.connections(1, 0, 0)));
        assertThat(connect(ProtocolVersion.MQTT_5, "one").receive(ConnAck.class).reasonCode())
                .isEqualTo(ReasonCode.SUCCESS);
        try (RawClient silent = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            assertThat(silent.closedByBrokerWithin(Duration.ofSeconds(4))).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().connectionCount() == 1);
        assertThat(broker.broker().counters().refusedConnectionLimit.sum()).isEqualTo(1);
    }

    @Test
    @DisplayName("shutdown closes connections that are being refused too")
    void shutdownClosesRefusedConnections() {
        broker = TestBroker.start(TestBroker.settings().with(Limits.connections(1, 0, 0)));
        assertThat(connect(ProtocolVersion.MQTT_5, "one").receive(ConnAck.class).reasonCode())
                .isEqualTo(ReasonCode.SUCCESS);
        RawClient waiting = new RawClient(broker.port(), ProtocolVersion.MQTT_5);
        clients.add(waiting);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().connectionCount() == 2);
        broker.close();
        assertThat(waiting.closedByBrokerWithin(Duration.ofSeconds(3))).isTrue();
        // Each reader leaves the count as it ends, a moment after its socket closed.
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().connectionCount() == 0);
    }
}
