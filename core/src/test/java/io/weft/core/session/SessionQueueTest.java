package io.weft.core.session;

import io.weft.core.QueueOverflowPolicy;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.QoS;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.metrics.MemoryBudget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The bounds of one session's outbound state, without a network: everything dropped is counted. */
class SessionQueueTest {

    private final BrokerCounters counters = new BrokerCounters();

    private static Message message(QoS qos) {
        return new Message("t", new byte[8], qos, false, MqttProperties.EMPTY, "publisher");
    }

    private static Message expiring(QoS qos, long seconds) {
        return new Message("t", new byte[8], qos, false,
                MqttProperties.builder().put(PropertyId.MESSAGE_EXPIRY_INTERVAL, seconds).build(), "publisher");
    }

    private Session session(int messages, long bytes, MemoryBudget budget) {
        return new Session("offline", SessionRegistry.NEVER_EXPIRES, 2,
                new QueueLimits(messages, bytes, QueueOverflowPolicy.DROP_OLDEST, budget), counters);
    }

    @Test
    @DisplayName("the byte limit counts payload bytes of the waiting copies; the newest copy beyond it is dropped")
    void anOfflineSessionQueuesUpToItsByteLimit() {
        Session session = session(100, 20, MemoryBudget.UNLIMITED);
        for (int i = 0; i < 10; i++) {
            session.offer(message(QoS.AT_LEAST_ONCE), 0, QoS.AT_LEAST_ONCE, false, List.of());
        }
        assertThat(session.outboundDepth()).isEqualTo(2);
        assertThat(session.queuedBytes()).isEqualTo(16);
        assertThat(counters.droppedQueueFull.sum()).isEqualTo(8);
    }

    @Test
    @DisplayName("an empty queue takes one message larger than the byte limit, then refuses the next")
    void aMessageLargerThanTheByteLimitStillGoesThroughAnEmptyQueue() {
        Session session = session(100, 4, MemoryBudget.UNLIMITED);
        assertThat(session.offer(message(QoS.AT_LEAST_ONCE), 0, QoS.AT_LEAST_ONCE, false, List.of())).isTrue();
        assertThat(session.offer(message(QoS.AT_LEAST_ONCE), 0, QoS.AT_LEAST_ONCE, false, List.of())).isFalse();
        assertThat(session.queuedBytes()).isEqualTo(8);
        assertThat(counters.droppedQueueFull.sum()).isEqualTo(1);
    }

    @Test
    @DisplayName("held copies are in the memory budget until the session ends")
    void heldCopiesAreAccountedUntilTheQueueIsCleared() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        Session session = session(100, 0, budget);
        for (int i = 0; i < 3; i++) {
            session.offer(message(QoS.EXACTLY_ONCE), 0, QoS.EXACTLY_ONCE, false, List.of());
        }
        assertThat(budget.usedBytes()).isEqualTo(24);
        session.clearQueue();
        assertThat(session.outboundDepth()).isZero();
        assertThat(budget.usedBytes()).isZero();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] a copy whose expiry interval passed before it reached the session is dropped and "
            + "counted, QoS 0 and QoS 1 alike; its sequence number is used up")
    void anExpiredCopyIsNotQueued() {
        Session session = session(100, 0, MemoryBudget.UNLIMITED);
        long longAgo = System.currentTimeMillis() - 20_000;
        assertThat(session.offer(expiring(QoS.AT_LEAST_ONCE, 10), longAgo, QoS.AT_LEAST_ONCE, false, List.of()))
                .isFalse();
        session.offer(expiring(QoS.AT_MOST_ONCE, 10), longAgo, QoS.AT_MOST_ONCE, false, List.of());
        assertThat(session.outboundDepth()).isZero();
        assertThat(session.nextSequence()).isEqualTo(1);
        assertThat(counters.droppedExpired.sum()).isEqualTo(2);
        assertThat(counters.droppedOffline.sum()).isZero();
        assertThat(session.offer(expiring(QoS.AT_LEAST_ONCE, 10), System.currentTimeMillis(), QoS.AT_LEAST_ONCE,
                false, List.of())).as("one within its interval").isTrue();
        assertThat(session.outboundDepth()).isEqualTo(1);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] a full queue drops its expired copies before it refuses a new one")
    void aFullQueueMakesRoomByDroppingExpiredCopies() {
        Session session = session(2, 0, MemoryBudget.UNLIMITED);
        long arrived = System.currentTimeMillis() - 500;
        session.offer(expiring(QoS.AT_LEAST_ONCE, 1), arrived, QoS.AT_LEAST_ONCE, false, List.of());
        session.offer(expiring(QoS.AT_LEAST_ONCE, 1), arrived, QoS.AT_LEAST_ONCE, false, List.of());
        assertThat(session.outboundDepth()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() >= arrived + 1_000);
        assertThat(session.offer(message(QoS.AT_LEAST_ONCE), 0, QoS.AT_LEAST_ONCE, false, List.of())).isTrue();
        assertThat(session.outboundDepth()).isEqualTo(1);
        assertThat(counters.droppedExpired.sum()).isEqualTo(2);
        assertThat(counters.droppedQueueFull.sum()).isZero();
    }

    @Test
    void anOfflineSessionQueuesQos1UpToItsBoundAndCountsTheRest() {
        Session session = new Session("offline", SessionRegistry.NEVER_EXPIRES, 2, 3, counters);
        for (int i = 0; i < 10; i++) {
            session.offer(message(QoS.AT_LEAST_ONCE), 0, QoS.AT_LEAST_ONCE, false, List.of());
        }
        assertThat(session.outboundDepth()).isEqualTo(3);
        assertThat(counters.droppedQueueFull.sum()).isEqualTo(7);
    }

    @Test
    void qos0IsNotQueuedForAnOfflineSessionButCounted() {
        Session session = new Session("offline", SessionRegistry.NEVER_EXPIRES, 2, 3, counters);
        session.offer(message(QoS.AT_MOST_ONCE), 0, QoS.AT_MOST_ONCE, false, List.of());
        assertThat(session.outboundDepth()).isZero();
        assertThat(counters.droppedOffline.sum()).isEqualTo(1);
    }

    @Test
    void exactlyOnceInboundIdsAreTrackedUntilReleased() {
        Session session = new Session("s", 0, 2, 3, counters);
        assertThat(session.beginInboundExactlyOnce(7)).isTrue();
        assertThat(session.beginInboundExactlyOnce(7)).as("a resend before PUBREL [MQTT-4.3.3-9]").isFalse();
        assertThat(session.releaseInbound(7)).isTrue();
        assertThat(session.releaseInbound(7)).isFalse();
        assertThat(session.beginInboundExactlyOnce(7)).as("the id is free again after PUBREL").isTrue();
    }
}
