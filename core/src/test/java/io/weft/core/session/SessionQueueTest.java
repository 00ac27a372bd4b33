package io.weft.core.session;

import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.QoS;
import io.weft.core.metrics.BrokerCounters;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounds of one session's outbound state, without a network: everything dropped is counted. */
class SessionQueueTest {

    private final BrokerCounters counters = new BrokerCounters();

    private static Message message(QoS qos) {
        return new Message("t", new byte[8], qos, false, MqttProperties.EMPTY, "publisher");
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
