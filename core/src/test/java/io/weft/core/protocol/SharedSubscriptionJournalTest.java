package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.weft.core.protocol.JournalBroker.publish;
import static io.weft.core.protocol.JournalBroker.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Shared subscriptions across a restart on the same journal: the membership, and copies parked for the group. */
class SharedSubscriptionJournalTest {

    private final JournalBroker brokers = new JournalBroker();

    @AfterEach
    void stop() {
        brokers.close();
    }

    private void publishAll(ProtocolVersion version, String topic, List<String> payloads) {
        try (RawClient publisher = Clients.connected(brokers.broker(), version, "publisher")) {
            for (int index = 0; index < payloads.size(); index++) {
                publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, index + 1, topic, payloads.get(index)));
                assertThat(publisher.receive(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            }
        }
    }

    private static List<String> receiveAndAcknowledge(RawClient client, int count) {
        List<String> payloads = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            Publish publish = client.receive(Publish.class);
            client.send(new PubAck(publish.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            payloads.add(text(publish));
        }
        return payloads;
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("a persistent shared subscription survives a restart, as a member of its group")
    void membershipSurvivesRestart(ProtocolVersion version) {
        brokers.start();
        RawClient member = brokers.persistent(version, "durable-member", false);
        Clients.subscribe(member, 1, "$share/g/jobs", QoS.AT_LEAST_ONCE);
        brokers.goOffline(member, "durable-member");

        brokers.restart();
        try (RawClient resumed = brokers.persistent(version, "durable-member", true);
             RawClient joined = Clients.connected(brokers.broker(), version, "new-member")) {
            Clients.subscribe(joined, 1, "$share/g/jobs", QoS.AT_LEAST_ONCE);
            publishAll(version, "jobs", List.of("a", "b"));
            // Round robin over the group: one each, so the restored subscription is a member, not a plain one.
            assertThat(receiveAndAcknowledge(resumed, 1)).containsExactly("a");
            assertThat(receiveAndAcknowledge(joined, 1)).containsExactly("b");
            Clients.expectNothingQueued(resumed);
            Clients.expectNothingQueued(joined);
        }
    }

    @ParameterizedTest(name = "checkpoint before the restart: {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("messages queued while every member was offline survive a restart and go to the first member that connects")
    void parkedCopiesSurviveRestart(boolean checkpoint) {
        ProtocolVersion version = ProtocolVersion.MQTT_5;
        brokers.start();
        RawClient first = brokers.persistent(version, "first", false);
        Clients.subscribe(first, 1, "$share/g/parked", QoS.AT_LEAST_ONCE);
        RawClient second = brokers.persistent(version, "second", false);
        Clients.subscribe(second, 1, "$share/g/parked", QoS.AT_LEAST_ONCE);
        brokers.goOffline(first, "first");
        brokers.goOffline(second, "second");
        List<String> sent = List.of("p1", "p2", "p3");
        publishAll(version, "parked", sent); // parked with the first member, which stays offline
        if (checkpoint) {
            int before = brokers.journal.checkpoints();
            brokers.journal.requestCheckpoint();
            try (RawClient publisher = Clients.connected(brokers.broker(), version, "batch")) {
                publisher.send(publish(false, QoS.AT_MOST_ONCE, false, 0, "elsewhere", "a ring batch"));
                await().atMost(Duration.ofSeconds(5)).until(() -> brokers.journal.checkpoints() > before);
            }
        }

        brokers.restart();
        try (RawClient resumed = brokers.persistent(version, "second", true)) {
            assertThat(receiveAndAcknowledge(resumed, 3)).containsExactlyElementsOf(sent);
            Clients.expectNothingQueued(resumed);
        }
        // Moved, and journaled as moved: after another restart the first member has nothing left.
        brokers.restart();
        try (RawClient other = brokers.persistent(version, "first", true)) {
            Clients.expectNothingQueued(other);
        }
    }
}
