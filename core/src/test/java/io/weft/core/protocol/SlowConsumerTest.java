package io.weft.core.protocol;

import io.weft.core.LimitSettings;
import io.weft.core.QueueOverflowPolicy;
import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.PingReq;
import io.weft.core.codec.MqttPacket.PingResp;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.session.Session;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscriber that never reads must not slow delivery to the others, and what the broker holds for it stays
 * within its per-session limits (well before the broker-wide budget); everything it misses is counted.
 */
class SlowConsumerTest {

    private static final ProtocolVersion VERSION = ProtocolVersion.MQTT_3_1_1;
    private static final int PAYLOAD = 4096;
    private static final long SESSION_BYTES = 64 * 1024;
    /** Enough to fill the stalled socket's kernel buffers (a few MiB) and then the writer backlog many times. */
    private static final int QOS0_FLOOD = 3_000;
    private static final int QOS1_FLOOD = 300;
    private static final int INFLIGHT_WINDOW = 32;
    /** The publisher stays at most this many messages ahead of the reading subscriber: its backlog never fills. */
    private static final int AHEAD = 8;

    private TestBroker broker;

    @AfterEach
    void stop() {
        broker.close();
    }

    private TestBroker start(QueueOverflowPolicy policy) {
        LimitSettings limits = new LimitSettings(0, 0, 0, 0, 0, Duration.ofSeconds(60), SESSION_BYTES, policy,
                64L << 20);
        broker = TestBroker.start(TestBroker.settings().with(limits));
        return broker;
    }

    private static Publish flood(QoS qos, int index) {
        byte[] payload = new byte[PAYLOAD];
        ByteBuffer.wrap(payload).putInt(index);
        return new Publish(false, qos, false, "flood/x", qos == QoS.AT_MOST_ONCE ? 0 : index % 65_535 + 1,
                MqttProperties.EMPTY, payload);
    }

    private static int index(Publish publish) {
        return ByteBuffer.wrap(publish.payload()).getInt();
    }

    /** Reads {@code count} messages in order on its own thread, acknowledging QoS 1; a permit per message. */
    private static CompletableFuture<Integer> reader(RawClient client, int count, Semaphore received) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                for (int expected = 0; expected < count; expected++) {
                    Publish publish = client.receive(Publish.class);
                    assertThat(index(publish)).as("in order, none missing").isEqualTo(expected);
                    if (publish.qos() == QoS.AT_LEAST_ONCE) {
                        client.send(new PubAck(publish.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
                    }
                    received.release();
                }
                done.complete(count);
            } catch (Throwable failure) {
                done.completeExceptionally(failure);
            }
        });
        return done;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(QueueOverflowPolicy.class)
    @DisplayName("QoS 0 flood: the stalled subscriber's writer backlog stays within its byte limit, the overflow "
            + "policy picks what goes, every drop is counted, the reading subscriber gets everything")
    void atMostOnceFlood(QueueOverflowPolicy policy) throws Exception {
        start(policy);
        BrokerCounters counters = broker.broker().counters();
        try (RawClient stalled = Clients.connected(broker, VERSION, "stalled");
             RawClient reading = Clients.connected(broker, VERSION, "reading");
             RawClient publisher = Clients.connected(broker, VERSION, "flooder")) {
            Clients.subscribe(stalled, 1, "flood/#", QoS.AT_MOST_ONCE);
            Clients.subscribe(reading, 1, "flood/#", QoS.AT_MOST_ONCE);
            Session stalledSession = broker.broker().sessions().get("stalled");
            Semaphore ahead = new Semaphore(AHEAD);
            CompletableFuture<Integer> delivered = reader(reading, QOS0_FLOOD, ahead);
            long largestBacklog = 0;
            for (int index = 0; index < QOS0_FLOOD; index++) {
                assertThat(ahead.tryAcquire(10, TimeUnit.SECONDS)).as("the reading subscriber keeps up").isTrue();
                publisher.send(flood(QoS.AT_MOST_ONCE, index));
                largestBacklog = Math.max(largestBacklog, stalledSession.writerBacklogBytes());
            }
            assertThat(delivered.get(30, TimeUnit.SECONDS)).isEqualTo(QOS0_FLOOD);
            assertThat(largestBacklog).isLessThanOrEqualTo(SESSION_BYTES);
            assertThat(counters.droppedSlowConsumer.sum()).as("the stalled subscriber missed messages").isPositive();
            assertThat(counters.droppedMemory.sum()).isZero();

            // The stalled subscriber reads at last: what it gets plus what was counted is the whole flood.
            stalled.send(new PingReq());
            int received = 0;
            int last = -1;
            MqttPacket packet;
            while (!((packet = stalled.receive()) instanceof PingResp)) {
                int index = index((Publish) packet);
                assertThat(index).as("in order").isGreaterThan(last);
                last = index;
                received++;
            }
            assertThat(received + counters.droppedSlowConsumer.sum()).isEqualTo(QOS0_FLOOD);
            if (policy == QueueOverflowPolicy.DROP_OLDEST) {
                assertThat(last).as("the newest reading survives").isEqualTo(QOS0_FLOOD - 1);
            } else {
                assertThat(last).as("the newest messages were dropped").isLessThan(QOS0_FLOOD - 1);
            }
        }
    }

    @Test
    @DisplayName("QoS 1 flood: the stalled session queues up to its byte limit beyond the window and drops the newest "
            + "copies, counted; the reading subscriber gets everything; the memory budget holds exactly what is kept")
    void atLeastOnceFlood() throws Exception {
        start(QueueOverflowPolicy.DROP_OLDEST);
        BrokerCounters counters = broker.broker().counters();
        try (RawClient reading = Clients.connected(broker, VERSION, "reading");
             RawClient publisher = Clients.connected(broker, VERSION, "flooder")) {
            RawClient stalled = Clients.connected(broker, VERSION, "stalled");
            Clients.subscribe(stalled, 1, "flood/#", QoS.AT_LEAST_ONCE);
            Clients.subscribe(reading, 1, "flood/#", QoS.AT_LEAST_ONCE);
            Session stalledSession = broker.broker().sessions().get("stalled");
            Semaphore ahead = new Semaphore(AHEAD); // a PUBACK to the publisher says routed, not delivered
            CompletableFuture<Integer> delivered = reader(reading, QOS1_FLOOD, ahead);
            long largestQueue = 0;
            for (int index = 0; index < QOS1_FLOOD; index++) {
                assertThat(ahead.tryAcquire(10, TimeUnit.SECONDS)).as("the reading subscriber keeps up").isTrue();
                publisher.send(flood(QoS.AT_LEAST_ONCE, index));
                assertThat(publisher.receive(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
                largestQueue = Math.max(largestQueue, stalledSession.queuedBytes());
            }
            assertThat(delivered.get(30, TimeUnit.SECONDS)).isEqualTo(QOS1_FLOOD);
            int queued = (int) (SESSION_BYTES / PAYLOAD);
            assertThat(largestQueue).isLessThanOrEqualTo(SESSION_BYTES);
            assertThat(stalledSession.queuedBytes()).isEqualTo((long) queued * PAYLOAD);
            assertThat(stalledSession.outboundDepth()).isEqualTo(INFLIGHT_WINDOW + queued);
            assertThat(counters.droppedQueueFull.sum()).isEqualTo(QOS1_FLOOD - INFLIGHT_WINDOW - queued);
            assertThat(counters.refusedMemory.sum()).isZero();
            long held = (long) (INFLIGHT_WINDOW + queued) * PAYLOAD;
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> broker.broker().sessions().memoryBudget().usedBytes() == held);

            stalled.close();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> broker.broker().sessions().memoryBudget().usedBytes() == 0);
        }
    }
}
