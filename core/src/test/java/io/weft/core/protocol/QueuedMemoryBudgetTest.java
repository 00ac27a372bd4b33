package io.weft.core.protocol;

import io.weft.core.LimitSettings;
import io.weft.core.QueueOverflowPolicy;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker-wide queued-memory budget: an offline subscriber hoards copies until the budget is exceeded; then a
 * publisher waits (bounded), and is refused like at the disk cap; draining the hoard lets publishing go on.
 */
class QueuedMemoryBudgetTest {

    private static final int PAYLOAD = 4096;
    private static final long BUDGET = 10_000;
    private static final int HOARDERS = 3;

    private TestBroker broker;
    private BrokerCounters counters;

    @BeforeEach
    void start() {
        LimitSettings limits = new LimitSettings(0, 0, 0, 0, 0, Duration.ofSeconds(60), 64L << 20,
                QueueOverflowPolicy.DROP_OLDEST, BUDGET);
        broker = TestBroker.start(TestBroker.settings().with(limits));
        counters = broker.broker().counters();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static Publish publish(QoS qos, int packetId) {
        return new Publish(false, qos, false, "budget/x", packetId, MqttProperties.EMPTY, new byte[PAYLOAD]);
    }

    @Test
    @DisplayName("over the budget: QoS 1 gets PUBACK 0x97 in 5.0, 3.1.1 is closed without an acknowledgement, QoS 0 "
            + "is dropped; all counted; once the hoard drains, publishing is accepted again")
    void exceededBudgetRefusesThenRecovers() {
        // Three offline sessions: each holds one copy (a session's own limit, an eighth of the budget, still takes
        // one message into an empty queue), so together they exceed the budget that no single one could.
        for (int hoarder = 1; hoarder <= HOARDERS; hoarder++) {
            try (RawClient client = Clients.persistent(broker, ProtocolVersion.MQTT_5, "hoarder" + hoarder)) {
                client.receive(ConnAck.class);
                Clients.subscribe(client, 1, "budget/#", QoS.AT_LEAST_ONCE);
            }
            String clientId = "hoarder" + hoarder;
            await().atMost(Duration.ofSeconds(5)).until(() -> !broker.broker().sessions().get(clientId).isConnected());
        }

        try (RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "publisher5")) {
            publisher.send(publish(QoS.AT_LEAST_ONCE, 1)); // 3 copies, 12,288 bytes held: over the 10,000 byte budget
            assertThat(publisher.receive(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(broker.broker().sessions().memoryBudget().exceeded()).isTrue();

            publisher.send(publish(QoS.AT_LEAST_ONCE, 4));
            PubAck refused = publisher.receive(PubAck.class);
            assertThat(refused.packetId()).isEqualTo(4);
            assertThat(refused.reasonCode()).isEqualTo(ReasonCode.QUOTA_EXCEEDED);
            publisher.send(publish(QoS.AT_MOST_ONCE, 0));
            await().atMost(Duration.ofSeconds(10)).until(() -> counters.droppedMemory.sum() == 1);

            try (RawClient old = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "publisher3")) {
                old.send(publish(QoS.AT_LEAST_ONCE, 1));
                assertThat(old.closedWithoutReply()).as("3.1.1 cannot be refused: closed, no PUBACK").isTrue();
            }
            assertThat(counters.refusedMemory.sum()).isEqualTo(2);

            for (int hoarder = 2; hoarder <= HOARDERS; hoarder++) { // hoarder1 stays away until the end
                try (RawClient client = Clients.persistent(broker, ProtocolVersion.MQTT_5, "hoarder" + hoarder)) {
                    client.receive(ConnAck.class);
                    Publish queued = client.receive(Publish.class);
                    client.send(new PubAck(queued.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
                    Clients.expectNothingQueued(client);
                }
            }
            try (RawClient hoarder = Clients.persistent(broker, ProtocolVersion.MQTT_5, "hoarder1")) {
                hoarder.receive(ConnAck.class);
                Publish first = hoarder.receive(Publish.class);
                hoarder.send(new PubAck(first.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
                Clients.expectNothingQueued(hoarder);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> broker.broker().sessions().memoryBudget().usedBytes() == 0);
                publisher.send(publish(QoS.AT_LEAST_ONCE, 5));
                assertThat(publisher.receive(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
                assertThat(hoarder.receive(Publish.class).payload()).hasSize(PAYLOAD);
            }
        }
    }
}
