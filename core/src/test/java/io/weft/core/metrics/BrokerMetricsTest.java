package io.weft.core.metrics;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.weft.core.Broker;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.security.AccessPolicy;
import io.weft.core.security.AuthenticationResult;
import io.weft.core.store.Stores;
import io.weft.core.testing.Limits;
import io.weft.core.testing.MetricSamples;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker's Prometheus metrics after real client traffic (the HiveMQ MQTT 5 client and raw 3.1.1 / 5.0
 * clients), read from its registry in the text format, as Prometheus would read them.
 */
class BrokerMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestBroker broker;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private MetricSamples scrape() {
        return MetricSamples.scrape(broker.broker().metricsRegistry());
    }

    private Mqtt5BlockingClient hive(String identifier) {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier(identifier).serverHost("127.0.0.1")
                .serverPort(broker.port()).buildBlocking();
        client.connect();
        return client;
    }

    private RawClient raw(ProtocolVersion version, String clientId, boolean cleanStart) {
        RawClient client = new RawClient(broker.port(), version);
        clients.add(client);
        client.send(new Connect(version, clientId, cleanStart, 0, null, null, null, MqttProperties.EMPTY));
        assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        return client;
    }

    /** CONNECT and the CONNACK's reason code. */
    private ReasonCode connectReason(Connect connect) {
        try (RawClient client = new RawClient(broker.port(), connect.version())) {
            client.send(connect);
            return client.receive(ConnAck.class).reasonCode();
        }
    }

    @Test
    @DisplayName("connects, messages in and out by QoS, bytes and a normal DISCONNECT move with HiveMQ client traffic")
    void trafficMovesTheCounters() throws Exception {
        broker = TestBroker.start();
        Mqtt5BlockingClient subscriber = hive("metrics-subscriber");
        Mqtt5BlockingClient publisher = hive("metrics-publisher");
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter("metrics/#").qos(MqttQos.EXACTLY_ONCE).send();
            int[] perQos = {1, 2, 3};
            for (MqttQos qos : MqttQos.values()) {
                for (int i = 0; i < perQos[qos.getCode()]; i++) {
                    publisher.publishWith().topic("metrics/" + qos).qos(qos)
                            .payload("reading".getBytes(StandardCharsets.UTF_8)).send();
                }
            }
            for (int i = 0; i < 6; i++) {
                assertThat(publishes.receive(5, TimeUnit.SECONDS)).as("message %d", i).isPresent();
            }

            MetricSamples samples = scrape();
            assertThat(samples.value("weft_connects_total", "result", "accepted", "reason", "success")).isEqualTo(2);
            for (QoS qos : QoS.values()) {
                String level = Integer.toString(qos.value());
                assertThat(samples.value("weft_messages_received_total", "qos", level)).as("in at QoS " + level)
                        .isEqualTo(perQos[qos.value()]);
                assertThat(samples.value("weft_messages_sent_total", "qos", level)).as("out at QoS " + level)
                        .isEqualTo(perQos[qos.value()]);
            }
            assertThat(samples.value("weft_received_bytes_total")).isGreaterThan(6 * "reading".length());
            assertThat(samples.value("weft_sent_bytes_total")).isGreaterThan(6 * "reading".length());
            assertThat(samples.value("weft_connections_open")).isEqualTo(2);
            assertThat(samples.value("weft_sessions", "state", "connected")).isEqualTo(2);
            assertThat(samples.value("weft_subscriptions")).isEqualTo(1);
            assertThat(samples.value("weft_build_info", "version", Broker.version())).isEqualTo(1);

            publisher.disconnect();
            await().atMost(WAIT).until(() -> scrape().value("weft_disconnects_total", "cause", "client_disconnected",
                    "reason", "normal_disconnection") == 1);
            assertThat(scrape().value("weft_connections_open")).isEqualTo(1);
            subscriber.disconnect();
        }
    }

    private void awaitOpenConnections(int open) {
        await().atMost(WAIT).until(() -> broker.broker().connectionCount() == open);
    }

    @Test
    @DisplayName("refused CONNECTs are counted by CONNACK reason code: limit, protocol level, client id, authentication")
    void refusalsByReasonCode() {
        broker = TestBroker.start(TestBroker.settings().with(Limits.connections(0, 2, 0)), Stores.inMemory(),
                request -> "intruder".equals(request.username())
                        ? new AuthenticationResult.Deny(ReasonCode.BAD_USER_NAME_OR_PASSWORD, "test")
                        : new AuthenticationResult.Allow(AccessPolicy.ALLOW_ALL));
        raw(ProtocolVersion.MQTT_5, "first", true);
        assertThat(connectReason(new Connect(ProtocolVersion.MQTT_5, "second", true, 0, null, "intruder", null,
                MqttProperties.EMPTY))).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
        awaitOpenConnections(1); // a refused connection holds its slot until its socket is closed
        // 3.1.1 allows no empty client id without clean session [MQTT-3.1.3-8]
        connectReason(new Connect(ProtocolVersion.MQTT_3_1_1, "", false, 0, null, null, null, MqttProperties.EMPTY));
        awaitOpenConnections(1);
        try (RawClient levelSix = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            levelSix.sendHex("10 0e 00 04 4d 51 54 54 06 02 00 3c 00 00 01 63");
            assertThat(levelSix.closedByBrokerWithin(WAIT)).isTrue();
        }
        awaitOpenConnections(1);
        raw(ProtocolVersion.MQTT_5, "second", true);
        assertThat(connectReason(new Connect(ProtocolVersion.MQTT_5, "third", true, 0, null, null, null,
                MqttProperties.EMPTY))).isEqualTo(ReasonCode.SERVER_BUSY);

        MetricSamples samples = scrape();
        assertThat(samples.value("weft_connects_total", "result", "accepted", "reason", "success")).isEqualTo(2);
        assertThat(samples.value("weft_connects_total", "result", "refused", "reason", "bad_user_name_or_password"))
                .isEqualTo(1);
        assertThat(samples.value("weft_connects_total", "result", "refused", "reason", "client_identifier_not_valid"))
                .isEqualTo(1);
        assertThat(samples.value("weft_connects_total", "result", "refused", "reason", "unsupported_protocol_version"))
                .isEqualTo(1);
        assertThat(samples.value("weft_connects_total", "result", "refused", "reason", "server_busy")).isEqualTo(1);
    }

    @Test
    @DisplayName("disconnects by cause and reason: DISCONNECT with will, takeover, protocol error, lost connection")
    void disconnectsByCauseAndReason() throws Exception {
        broker = TestBroker.start();
        Mqtt5BlockingClient leaving = hive("leaving");
        leaving.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

        raw(ProtocolVersion.MQTT_5, "twin", true);
        RawClient twin = raw(ProtocolVersion.MQTT_5, "twin", true); // the first one gets DISCONNECT 0x8E
        clients.remove(twin);

        RawClient violator = raw(ProtocolVersion.MQTT_5, "violator", true);
        violator.send(new Connect(ProtocolVersion.MQTT_5, "violator", true, 0, null, null, null,
                MqttProperties.EMPTY)); // a second CONNECT [MQTT-3.1.0-2]
        assertThat(violator.closedByBrokerWithin(WAIT)).isTrue();

        raw(ProtocolVersion.MQTT_3_1_1, "vanishing", true).close();

        await().atMost(WAIT).untilAsserted(() -> {
            MetricSamples samples = scrape();
            assertThat(samples.value("weft_disconnects_total", "cause", "client_disconnected",
                    "reason", "disconnect_with_will_message")).isEqualTo(1);
            assertThat(samples.value("weft_disconnects_total", "cause", "server_closed",
                    "reason", "session_taken_over")).isEqualTo(1);
            assertThat(samples.value("weft_disconnects_total", "cause", "protocol_error",
                    "reason", "protocol_error")).isEqualTo(1);
            assertThat(samples.value("weft_disconnects_total", "cause", "connection_lost", "reason", "none"))
                    .isEqualTo(1);
            assertThat(samples.sum("weft_disconnects_total")).isEqualTo(4);
            assertThat(samples.value("weft_protocol_errors_total")).isEqualTo(1);
        });
        twin.close();
    }

    @Test
    @DisplayName("drops by reason: QoS 0 for an offline session, a PUBLISH to $SYS; every reason is exposed from the start")
    void dropsByReason() {
        broker = TestBroker.start();
        RawClient away = raw(ProtocolVersion.MQTT_3_1_1, "away", false);
        away.send(new Subscribe(1, List.of(Subscription.of("drops/t", QoS.AT_MOST_ONCE)), MqttProperties.EMPTY));
        away.receive(SubAck.class);
        away.close();
        await().atMost(WAIT).until(() -> scrape().value("weft_sessions", "state", "offline") == 1);
        MetricSamples before = scrape();
        assertThat(before.series("weft_messages_dropped_total").keySet())
                .extracting(labels -> labels.get("reason"))
                .contains("queue_full", "slow_consumer", "offline", "expired", "memory", "refused_disk_full",
                        "refused_sys_topic")
                .doesNotContain("refused_connection_limit", "refused_connection_rate");

        RawClient publisher = raw(ProtocolVersion.MQTT_5, "dropper", true);
        publisher.send(new Publish(false, QoS.AT_MOST_ONCE, false, "drops/t", 0, MqttProperties.EMPTY, new byte[1]));
        publisher.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "$SYS/mine", 7, MqttProperties.EMPTY,
                new byte[1]));
        assertThat(publisher.receive(PubAck.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);

        await().atMost(WAIT).untilAsserted(() -> {
            MetricSamples samples = scrape();
            assertThat(samples.value("weft_messages_dropped_total", "reason", "offline")).isEqualTo(1);
            assertThat(samples.value("weft_messages_dropped_total", "reason", "refused_sys_topic")).isEqualTo(1);
            assertThat(samples.sum("weft_messages_dropped_total")).isEqualTo(2);
        });
    }

    @Test
    @DisplayName("queue depths of an offline persistent session, the ring's capacity and the queued memory")
    void queueDepthsAndRing() {
        broker = TestBroker.start();
        RawClient away = raw(ProtocolVersion.MQTT_3_1_1, "queued", false);
        away.send(new Subscribe(1, List.of(Subscription.of("queue/t", QoS.AT_LEAST_ONCE)), MqttProperties.EMPTY));
        away.receive(SubAck.class);
        away.close();
        await().atMost(WAIT).until(() -> scrape().value("weft_sessions", "state", "offline") == 1);

        RawClient publisher = raw(ProtocolVersion.MQTT_3_1_1, "filler", true);
        for (int packetId = 1; packetId <= 3; packetId++) {
            publisher.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "queue/t", packetId, MqttProperties.EMPTY,
                    new byte[100]));
            publisher.receive(PubAck.class);
        }

        MetricSamples samples = scrape();
        assertThat(samples.value("weft_session_queued_messages")).isEqualTo(3);
        assertThat(samples.value("weft_session_queued_messages_max")).isEqualTo(3);
        assertThat(samples.value("weft_queued_memory_bytes")).isEqualTo(300);
        assertThat(samples.value("weft_queued_memory_limit_bytes")).isPositive();
        assertThat(samples.value("weft_dispatch_ring_capacity")).isEqualTo(TestBroker.settings().ringSize());
        assertThat(samples.value("weft_dispatch_ring_remaining_capacity")).isPositive()
                .isLessThanOrEqualTo(TestBroker.settings().ringSize());
    }
}
