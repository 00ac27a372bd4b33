package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.PubComp;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.PubRel;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.net.PacketSink;
import io.weft.core.store.DiskQuota;
import io.weft.core.store.Stores;
import io.weft.core.store.SyncGate;
import io.weft.core.testing.InMemoryJournal;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.weft.core.protocol.JournalBroker.publish;
import static io.weft.core.protocol.JournalBroker.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the journal ports do to acknowledgements: clean sessions stay off the journal, the disk cap, the sync gate. */
class JournalAcknowledgementTest {

    private final InMemoryJournal journal = new InMemoryJournal();
    private final SwitchableQuota quota = new SwitchableQuota();
    private final HeldGate gate = new HeldGate();
    private final JournalBroker brokers = new JournalBroker(journal,
            () -> new Stores(journal, journal, gate, quota));

    @AfterEach
    void stop() {
        brokers.close();
    }

    @Test
    @DisplayName("deliveries to a clean session write no state record (its hot path stays off the journal); "
            + "those to a persistent one do")
    void cleanSessionsWriteNothingToTheJournal() {
        gate.passThrough = true;
        TestBroker broker = brokers.start();
        try (RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_5, "clean");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "publisher")) {
            Clients.subscribe(subscriber, 1, "hot/#", QoS.EXACTLY_ONCE);
            int before = journal.recordCount();
            for (int id = 1; id <= 20; id++) {
                QoS qos = id % 2 == 0 ? QoS.EXACTLY_ONCE : QoS.AT_LEAST_ONCE;
                publisher.send(publish(false, qos, false, id, "hot/x", "message " + id));
                if (qos == QoS.AT_LEAST_ONCE) {
                    publisher.receive(PubAck.class);
                } else {
                    publisher.receive(PubRec.class);
                    publisher.send(new PubRel(id, ReasonCode.SUCCESS, MqttProperties.EMPTY));
                    publisher.receive(PubComp.class);
                }
                Publish delivered = subscriber.receive(Publish.class);
                assertThat(text(delivered)).isEqualTo("message " + id);
                if (qos == QoS.AT_LEAST_ONCE) {
                    subscriber.send(new PubAck(delivered.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
                } else {
                    subscriber.send(new PubRec(delivered.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
                    subscriber.receive(PubRel.class);
                    subscriber.send(new PubComp(delivered.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
                }
            }
            Clients.subscribe(subscriber, 2, "ring/drained", QoS.AT_MOST_ONCE); // SUBACK: the ring got past it all
            assertThat(journal.recordCount()).as("state records after 20 deliveries to a clean session")
                    .isEqualTo(before);

            try (RawClient durable = brokers.persistent(ProtocolVersion.MQTT_5, "durable", false)) {
                Clients.subscribe(durable, 1, "hot/#", QoS.AT_LEAST_ONCE);
                int withPersistent = journal.recordCount();
                publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, 30, "hot/x", "journaled"));
                publisher.receive(PubAck.class);
                assertThat(journal.recordCount()).as("a copy queued for a persistent session")
                        .isGreaterThan(withPersistent);
            }
        }
    }

    @Test
    @DisplayName("disk cap reached, MQTT 5: QoS 1 gets PUBACK 0x97, QoS 2 PUBREC 0x97, QoS 0 is still routed")
    void diskFullRefusesQualityOfServiceOneAndTwoInMqtt5() {
        gate.passThrough = true;
        TestBroker broker = brokers.start();
        try (RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_5, "subscriber");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "publisher")) {
            Clients.subscribe(subscriber, 1, "full/#", QoS.EXACTLY_ONCE);
            quota.full = true;
            publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, 1, "full/x", "refused 1"));
            // The refusals carry a Reason String (5.0), so compare the packet id and the reason code.
            PubAck refusedOnce = publisher.receive(PubAck.class);
            assertThat(refusedOnce.packetId()).isEqualTo(1);
            assertThat(refusedOnce.reasonCode()).isEqualTo(ReasonCode.QUOTA_EXCEEDED);
            publisher.send(publish(false, QoS.EXACTLY_ONCE, false, 2, "full/x", "refused 2"));
            PubRec refusedTwice = publisher.receive(PubRec.class);
            assertThat(refusedTwice.packetId()).isEqualTo(2);
            assertThat(refusedTwice.reasonCode()).isEqualTo(ReasonCode.QUOTA_EXCEEDED);
            publisher.send(publish(false, QoS.AT_MOST_ONCE, false, 0, "full/x", "at most once"));
            assertThat(text(subscriber.receive(Publish.class))).as("the first delivery").isEqualTo("at most once");
            assertThat(broker.broker().counters().refusedDiskFull.sum()).isEqualTo(2);

            // Room again: the refused QoS 2 id is free (a failed PUBREC ended the exchange) and a new message.
            quota.full = false;
            publisher.send(publish(false, QoS.EXACTLY_ONCE, false, 2, "full/x", "accepted"));
            assertThat(publisher.receive(PubRec.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            Publish accepted = subscriber.receive(Publish.class);
            assertThat(text(accepted)).isEqualTo("accepted");
        }
    }

    @Test
    @DisplayName("disk cap reached, MQTT 3.1.1: a QoS 1 PUBLISH closes the connection without PUBACK; QoS 0 is still routed")
    void diskFullClosesMqtt3Publishers() {
        gate.passThrough = true;
        TestBroker broker = brokers.start();
        try (RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "subscriber");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "publisher")) {
            Clients.subscribe(subscriber, 1, "full/#", QoS.AT_LEAST_ONCE);
            quota.full = true;
            publisher.send(publish(false, QoS.AT_MOST_ONCE, false, 0, "full/x", "at most once"));
            assertThat(text(subscriber.receive(Publish.class))).isEqualTo("at most once");
            publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, 1, "full/x", "refused"));
            assertThat(publisher.closedWithoutReply()).as("closed, no PUBACK").isTrue();
            assertThat(broker.broker().counters().refusedDiskFull.sum()).isEqualTo(1);
            Clients.expectNothingQueued(subscriber);
        }
    }

    @Test
    @DisplayName("[MQTT-4.6.0-2] the sync gate holds PUBACKs without holding delivery; released, they leave in PUBLISH order")
    void syncGateHoldsAcknowledgementsInOrder() {
        TestBroker broker = brokers.start();
        try (RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_5, "subscriber");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "publisher")) {
            Clients.subscribe(subscriber, 1, "gate/#", QoS.AT_LEAST_ONCE);
            for (int id = 1; id <= 5; id++) {
                publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, id, "gate/x", "message " + id));
            }
            for (int id = 1; id <= 5; id++) {
                Publish delivered = subscriber.receive(Publish.class); // delivery does not wait for the gate
                assertThat(text(delivered)).isEqualTo("message " + id);
                subscriber.send(new PubAck(delivered.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> gate.heldCount() == 5);
            Clients.expectNothingQueued(publisher); // no PUBACK left before the release

            gate.releaseAll();
            List<Integer> acknowledged = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                MqttPacket ack = publisher.receive();
                assertThat(ack).isInstanceOf(PubAck.class);
                acknowledged.add(((PubAck) ack).packetId());
            }
            assertThat(acknowledged).containsExactly(1, 2, 3, 4, 5);
        }
    }

    @Test
    @DisplayName("[MQTT-4.3.3-4] a persistent subscriber's PUBREL waits for the journaled PUBREC (sync gate): a client "
            + "that completed the exchange never gets the copy again after a crash")
    void pubRelOfPersistentSessionWaitsForTheJournal() {
        TestBroker broker = brokers.start();
        try (RawClient subscriber = Clients.persistent(broker, ProtocolVersion.MQTT_5, "keeper");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "publisher")) {
            subscriber.receive(ConnAck.class);
            Clients.subscribe(subscriber, 1, "exactly/#", QoS.EXACTLY_ONCE);
            publisher.send(publish(false, QoS.EXACTLY_ONCE, false, 1, "exactly/x", "once"));
            Publish delivered = subscriber.receive(Publish.class);
            int heldBefore = gate.heldCount();
            subscriber.send(new PubRec(delivered.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            await().atMost(Duration.ofSeconds(5)).until(() -> gate.heldCount() > heldBefore);
            Clients.expectNothingQueued(subscriber); // no PUBREL before the journal has the PUBREC

            gate.releaseAll();
            assertThat(subscriber.receive(PubRel.class).packetId()).isEqualTo(delivered.packetId());
        }
    }

    /** Written by the test thread, read by connection readers: a disk cap the test switches. */
    private static final class SwitchableQuota implements DiskQuota {
        volatile boolean full;

        @Override
        public boolean full() {
            return full;
        }

        @Override
        public long usedBytes() {
            return 0;
        }
    }

    /**
     * Filled by the route stage, drained by the test thread: holds acknowledgements until {@link #releaseAll()},
     * or passes them at once when {@link #passThrough}.
     */
    private static final class HeldGate implements SyncGate {
        private record Held(PacketSink origin, MqttPacket acknowledgement) {
        }

        private final Queue<Held> held = new ConcurrentLinkedQueue<>();
        volatile boolean passThrough;

        @Override
        public void send(PacketSink origin, MqttPacket acknowledgement) {
            if (passThrough) {
                origin.send(acknowledgement);
            } else {
                held.add(new Held(origin, acknowledgement));
            }
        }

        int heldCount() {
            return held.size();
        }

        void releaseAll() {
            for (Held next = held.poll(); next != null; next = held.poll()) {
                next.origin().send(next.acknowledgement());
            }
        }
    }
}
