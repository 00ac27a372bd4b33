package io.weft.core.protocol;

import io.weft.core.SysSettings;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.PingReq;
import io.weft.core.codec.MqttPacket.PingResp;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubComp;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.PubRel;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.Will;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PacketEncoder;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.codec.WriteBuffer;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.store.StateRecords;
import io.weft.core.store.StoredMessage;
import io.weft.core.sys.SysTopics;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** $SYS at the packet level: clients may not publish there, the journal never holds it, bytes are counted. */
class SysTopicProtocolTest {

    private static final String FAKE_TOPIC = SysTopics.PREFIX + "version";

    /** A broker that publishes no $SYS values of its own, so anything under $SYS would come from a client. */
    private static TestBroker quietBroker() {
        return TestBroker.start(TestBroker.settings().with(new SysSettings(false, Duration.ofSeconds(10))));
    }

    private static Publish publish(QoS qos, int packetId) {
        return new Publish(false, qos, true, FAKE_TOPIC, packetId, MqttProperties.EMPTY,
                "fake".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("[MQTT 5] a client PUBLISH to $SYS/ is refused with 0x87 Not authorized, counted, and goes nowhere")
    void mqtt5PublishToSysRefused() {
        try (TestBroker broker = quietBroker();
             RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_5, "subscriber");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "publisher")) {
            Clients.subscribe(subscriber, 1, "$SYS/#", QoS.AT_LEAST_ONCE);

            publisher.send(publish(QoS.AT_MOST_ONCE, 0));
            publisher.send(publish(QoS.AT_LEAST_ONCE, 1));
            assertThat(publisher.receive(PubAck.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            publisher.send(publish(QoS.EXACTLY_ONCE, 2));
            assertThat(publisher.receive(PubRec.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);

            BrokerCounters counters = broker.broker().counters();
            await().untilAsserted(() -> assertThat(counters.refusedSysTopic.sum()).isEqualTo(3));
            Clients.expectNothingQueued(subscriber);
        }
    }

    @Test
    @DisplayName("[MQTT 3.1.1] a client PUBLISH to $SYS/ is acknowledged normally and dropped [MQTT-3.3.5-2]")
    void mqtt3PublishToSysAcknowledgedAndDropped() {
        try (TestBroker broker = quietBroker();
             RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "subscriber");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "publisher")) {
            Clients.subscribe(subscriber, 1, "$SYS/#", QoS.AT_LEAST_ONCE);

            publisher.send(publish(QoS.AT_LEAST_ONCE, 1));
            assertThat(publisher.receive(PubAck.class).packetId()).isEqualTo(1);
            publisher.send(publish(QoS.EXACTLY_ONCE, 2));
            assertThat(publisher.receive(PubRec.class).packetId()).isEqualTo(2);
            publisher.send(new PubRel(2, ReasonCode.SUCCESS, MqttProperties.EMPTY));
            assertThat(publisher.receive(PubComp.class).packetId()).isEqualTo(2);

            BrokerCounters counters = broker.broker().counters();
            await().untilAsserted(() -> assertThat(counters.refusedSysTopic.sum()).isEqualTo(2));
            Clients.expectNothingQueued(subscriber);
        }
    }

    @Test
    @DisplayName("a will to a $SYS/ topic is not published when its connection ends, and is counted")
    void willToSysNotPublished() {
        try (TestBroker broker = quietBroker();
             RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "subscriber")) {
            Clients.subscribe(subscriber, 1, "$SYS/#", QoS.AT_LEAST_ONCE);
            Will will = new Will(FAKE_TOPIC, "fake".getBytes(StandardCharsets.UTF_8), QoS.AT_MOST_ONCE, true,
                    MqttProperties.EMPTY);
            RawClient dying = Clients.connected(broker, new Connect(ProtocolVersion.MQTT_3_1_1, "dying", true, 0,
                    will, null, null, MqttProperties.EMPTY));
            dying.close(); // no DISCONNECT: the will is due

            BrokerCounters counters = broker.broker().counters();
            await().untilAsserted(() -> assertThat(counters.refusedSysTopic.sum()).isEqualTo(1));
            Clients.expectNothingQueued(subscriber);
        }
    }

    @Test
    @DisplayName("bytes read from and written to sockets are counted exactly")
    void socketBytesCounted() {
        try (TestBroker broker = quietBroker()) {
            Connect connect = new Connect(ProtocolVersion.MQTT_3_1_1, "counted", true, 0, null, null, null,
                    MqttProperties.EMPTY);
            BrokerCounters counters = broker.broker().counters();
            try (RawClient client = Clients.connected(broker, connect)) {
                long connectSize = encodedSize(connect);
                await().untilAsserted(() -> {
                    assertThat(counters.bytesReceived.sum()).isEqualTo(connectSize);
                    assertThat(counters.bytesSent.sum()).isEqualTo(4); // CONNACK
                });
                client.send(new PingReq());
                client.receive(PingResp.class);
                await().untilAsserted(() -> {
                    assertThat(counters.bytesReceived.sum()).isEqualTo(connectSize + 2);
                    assertThat(counters.bytesSent.sum()).isEqualTo(4 + 2);
                });
            }
        }
    }

    @Test
    @DisplayName("connected clients are counted while connected; the maximum keeps the highest count")
    void connectedClientsCounted() {
        try (TestBroker broker = quietBroker()) {
            BrokerCounters counters = broker.broker().counters();
            try (RawClient first = Clients.connected(broker, ProtocolVersion.MQTT_5, "first")) {
                try (RawClient second = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "second")) {
                    // Counted just after CONNACK is queued, so the client may see CONNACK first.
                    await().untilAsserted(() -> assertThat(counters.clients.current()).isEqualTo(2));
                }
                await().untilAsserted(() -> assertThat(counters.clients.current()).isEqualTo(1));
                assertThat(counters.clients.maximum()).isEqualTo(2);
            }
            await().untilAsserted(() -> assertThat(counters.clients.current()).isZero());
        }
    }

    @Test
    @DisplayName("$SYS retained values are not written to the state journal, nor to its checkpoints")
    void sysValuesNotJournaled() {
        try (JournalBroker brokers = new JournalBroker()) {
            brokers.start();
            try (RawClient subscriber = Clients.connected(brokers.broker(), ProtocolVersion.MQTT_5, "subscriber");
                 RawClient publisher = Clients.connected(brokers.broker(), ProtocolVersion.MQTT_5, "publisher")) {
                Clients.subscribe(subscriber, 1, FAKE_TOPIC, QoS.AT_MOST_ONCE);
                assertThat(subscriber.receive(Publish.class).topic()).isEqualTo(FAKE_TOPIC); // retained by now
                assertThat(retainedTopics(brokers)).noneMatch(topic -> topic.startsWith("$SYS/"));

                brokers.journal.requestCheckpoint();
                publisher.send(new Publish(false, QoS.AT_LEAST_ONCE, true, "kept", 1, MqttProperties.EMPTY,
                        "kept".getBytes(StandardCharsets.UTF_8)));
                publisher.receive(PubAck.class);
                await().untilAsserted(() -> assertThat(brokers.journal.checkpoints()).isEqualTo(1));
                assertThat(retainedTopics(brokers)).containsExactly("kept");
            }
        }
    }

    /** The topics of the retained records the journal would replay. */
    private static List<String> retainedTopics(JournalBroker brokers) {
        List<String> topics = new ArrayList<>();
        StateRecords recorder = (StateRecords) Proxy.newProxyInstance(StateRecords.class.getClassLoader(),
                new Class<?>[] {StateRecords.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("retained")) {
                        topics.add(((StoredMessage) arguments[0]).message().topic());
                    }
                    return null;
                });
        brokers.journal.replay(recorder);
        return topics;
    }

    private static long encodedSize(Connect connect) {
        WriteBuffer buffer = new WriteBuffer();
        PacketEncoder.encode(connect, ProtocolVersion.MQTT_3_1_1, buffer);
        return buffer.size();
    }
}
