package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubComp;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.PubRel;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.weft.core.protocol.JournalBroker.publish;
import static io.weft.core.protocol.JournalBroker.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A checkpoint replaces the records before it with the live state; a restart from it recovers the same state. */
class JournalCheckpointTest {

    private static final ProtocolVersion VERSION = ProtocolVersion.MQTT_5;

    private final JournalBroker brokers = new JournalBroker();

    @AfterEach
    void stop() {
        brokers.close();
    }

    @Test
    @DisplayName("[MQTT-4.4.0-1] [MQTT-4.3.3-9] [MQTT-3.3.1-5] a restart from a checkpoint plus later records recovers "
            + "in-flight ids, queued copies, subscriptions, retained messages and inbound QoS 2 ids; acknowledged copies are gone")
    void checkpointKeepsTheLiveState() {
        brokers.start();
        RawClient subscriber = brokers.persistent(VERSION, "durable", false);
        Clients.subscribe(subscriber, 1, "check/#", QoS.EXACTLY_ONCE);
        RawClient publisher = brokers.persistent(VERSION, "writer", false);

        publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, 1, "check/1", "acknowledged"));
        publisher.receive(PubAck.class);
        Publish acknowledged = subscriber.receive(Publish.class);
        subscriber.send(new PubAck(acknowledged.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));

        publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, 2, "check/2", "in flight"));
        publisher.receive(PubAck.class);
        Publish inFlight = subscriber.receive(Publish.class);

        publisher.send(publish(false, QoS.EXACTLY_ONCE, false, 3, "check/3", "received"));
        publisher.receive(PubRec.class);
        publisher.send(new PubRel(3, ReasonCode.SUCCESS, MqttProperties.EMPTY));
        publisher.receive(PubComp.class);
        Publish received = subscriber.receive(Publish.class);
        subscriber.send(new PubRec(received.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
        subscriber.receive(PubRel.class);

        publisher.send(publish(false, QoS.AT_LEAST_ONCE, true, 4, "check/retained", "retained"));
        publisher.receive(PubAck.class);
        Publish retained = subscriber.receive(Publish.class);

        publisher.send(publish(false, QoS.EXACTLY_ONCE, false, 20, "check/5", "awaiting release"));
        publisher.receive(PubRec.class); // no PUBREL: id 20 stays with the publisher's session
        Publish awaitingRelease = subscriber.receive(Publish.class);
        JournalBroker.roundTrip(subscriber);

        int checkpointsBefore = brokers.journal.checkpoints();
        brokers.journal.requestCheckpoint();
        publisher.send(publish(false, QoS.AT_MOST_ONCE, false, 0, "elsewhere", "a ring batch"));
        await().atMost(Duration.ofSeconds(5)).until(() -> brokers.journal.checkpoints() > checkpointsBefore);

        // Records after the checkpoint: the subscriber goes offline, and one more copy is queued for it.
        brokers.goOffline(subscriber, "durable");
        publisher.send(publish(false, QoS.AT_LEAST_ONCE, false, 6, "check/6", "queued after the checkpoint"));
        publisher.receive(PubAck.class);
        JournalBroker.roundTrip(publisher);

        brokers.restart();
        publisher.close();
        try (RawClient resumed = brokers.persistent(VERSION, "durable", true)) {
            List<MqttPacket> resent = List.of(resumed.receive(), resumed.receive(), resumed.receive(),
                    resumed.receive(), resumed.receive());
            assertThat(resent.getFirst()).isEqualTo(new PubRel(received.packetId(), ReasonCode.SUCCESS,
                    MqttProperties.EMPTY));
            List<Publish> publishes = resent.subList(1, 5).stream().map(Publish.class::cast).toList();
            assertThat(publishes).extracting(JournalBroker::text).containsExactly("in flight", "retained",
                    "awaiting release", "queued after the checkpoint");
            assertThat(publishes.subList(0, 3)).extracting(Publish::packetId)
                    .containsExactly(inFlight.packetId(), retained.packetId(), awaitingRelease.packetId());
            assertThat(publishes.subList(0, 3)).allMatch(Publish::dup);
            publishes.forEach(copy -> resumed.send(new PubAck(copy.packetId(), ReasonCode.SUCCESS,
                    MqttProperties.EMPTY)));
            resumed.send(new PubComp(received.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(resumed); // "acknowledged" is not among them

            try (RawClient writer = brokers.persistent(VERSION, "writer", true)) {
                writer.send(publish(true, QoS.EXACTLY_ONCE, false, 20, "check/5", "awaiting release"));
                assertThat(writer.receive(PubRec.class).packetId()).isEqualTo(20);
                writer.send(new PubRel(20, ReasonCode.SUCCESS, MqttProperties.EMPTY));
                assertThat(writer.receive(PubComp.class).packetId()).isEqualTo(20);
                writer.send(publish(false, QoS.AT_LEAST_ONCE, false, 7, "check/7", "after the restart"));
                assertThat(writer.receive(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            }
            Publish after = resumed.receive(Publish.class); // the subscription is back, and id 20 was not redelivered
            assertThat(text(after)).isEqualTo("after the restart");
            resumed.send(new PubAck(after.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
        }

        try (RawClient late = Clients.connected(brokers.broker(), VERSION, "late")) {
            Clients.subscribe(late, 1, "check/retained", QoS.AT_MOST_ONCE);
            Publish kept = late.receive(Publish.class);
            assertThat(kept.retain()).isTrue();
            assertThat(text(kept)).isEqualTo("retained");
        }
    }
}
