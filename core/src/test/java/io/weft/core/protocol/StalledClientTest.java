package io.weft.core.protocol;

import io.weft.core.BrokerSettings;
import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.PingReq;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PacketEncoder;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.codec.WriteBuffer;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that stop reading: the broker's backlog towards them stays bounded (QoS 0 beyond it is dropped and
 * counted), everybody else is still served, and closing them frees everything.
 */
class StalledClientTest {

    private static final int MAXIMUM_QUEUED = 1_000;
    private static final Executor VIRTUAL = task -> Thread.ofVirtual().start(task);

    private TestBroker broker;
    private Bystander bystander;
    private int inflightWindow;

    @BeforeEach
    void start() {
        BrokerSettings defaults = TestBroker.settings();
        inflightWindow = defaults.inflightWindow();
        broker = TestBroker.start(new BrokerSettings(defaults.bindAddress(), 0, defaults.dataDirectory(),
                defaults.maximumPacketSize(), defaults.connectTimeout(), defaults.inflightWindow(), MAXIMUM_QUEUED,
                defaults.ringSize()));
        bystander = new Bystander(broker, ProtocolVersion.MQTT_5, "bystander");
    }

    @AfterEach
    void stop() {
        bystander.close();
        broker.close();
    }

    /** {@code count} copies of {@code packet}, encoded back to back, to write in one go. */
    private static byte[] repeated(MqttPacket packet, ProtocolVersion version, int count) {
        WriteBuffer buffer = new WriteBuffer();
        PacketEncoder.encode(packet, version, buffer);
        byte[] one = Arrays.copyOf(buffer.array(), buffer.size());
        byte[] all = new byte[one.length * count];
        for (int copy = 0; copy < count; copy++) {
            System.arraycopy(one, 0, all, copy * one.length, one.length);
        }
        return all;
    }

    @Test
    @DisplayName("a QoS 0 flood towards a subscriber that never reads: its backlog stays bounded, drops are counted, "
            + "a second subscriber and a bystander are served, closing it frees it")
    void qos0FloodTowardsAStalledSubscriber() throws Exception {
        RawClient stalled = Clients.connected(broker, ProtocolVersion.MQTT_5, "stalled");
        Clients.subscribe(stalled, 1, "flood/#", QoS.AT_MOST_ONCE);
        RawClient second = Clients.connected(broker, ProtocolVersion.MQTT_5, "second");
        Clients.subscribe(second, 1, "flood/#", QoS.AT_LEAST_ONCE);
        AtomicInteger secondReceived = new AtomicInteger();
        CompletableFuture<Void> secondSawTheEnd = CompletableFuture.runAsync(() -> {
            while (true) {
                Publish publish = second.receive(Publish.class);
                secondReceived.incrementAndGet();
                if (publish.qos() != QoS.AT_MOST_ONCE) {
                    second.send(new PubAck(publish.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
                }
                if (publish.topic().equals("flood/end")) {
                    return;
                }
            }
        }, VIRTUAL);

        int largestBacklog = 0;
        try (RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "publisher")) {
            byte[] batch = repeated(new Publish(false, QoS.AT_MOST_ONCE, false, "flood/data", 0, MqttProperties.EMPTY,
                    new byte[1_000]), ProtocolVersion.MQTT_3_1_1, 500);
            // 30 MB: far more than the stalled client's socket buffers hold, so its writer blocks and the backlog fills.
            for (int sent = 0; sent < 60; sent++) {
                publisher.sendBytes(batch);
                largestBacklog = Math.max(largestBacklog, broker.broker().largestBacklog());
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> broker.broker().counters().droppedSlowConsumer.sum() > 0);
            largestBacklog = Math.max(largestBacklog, broker.broker().largestBacklog());
            bystander.assertRoundTrip("during the stall");
            publisher.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "flood/end", 1, MqttProperties.EMPTY,
                    new byte[1]));
            assertThat(publisher.receive(PubAck.class).packetId()).isEqualTo(1);
        }
        secondSawTheEnd.get(20, TimeUnit.SECONDS);
        assertThat(secondReceived.get()).isGreaterThan(1);
        assertThat(largestBacklog).as("packets queued for the stalled client's writer")
                .isLessThanOrEqualTo(MAXIMUM_QUEUED);
        assertThat(broker.broker().largestBacklog()).isLessThanOrEqualTo(MAXIMUM_QUEUED);

        // The bystander, the second subscriber and the stalled one (the publisher's close is noticed on its own time).
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.broker().connectionCount() == 3);
        stalled.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.broker().connectionCount() == 2);
        assertThat(broker.broker().largestBacklog()).as("what is left after the stalled client went").isLessThan(
                MAXIMUM_QUEUED);
        second.close();
        bystander.assertRoundTrip("after the stalled subscriber left");
    }

    @Test
    @DisplayName("a client that sends PINGREQ after PINGREQ and never reads the answers: the broker's backlog towards it stays bounded")
    void pingFloodWithoutReading() {
        try (RawClient deaf = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "deaf")) {
            byte[] pings = repeated(new PingReq(), ProtocolVersion.MQTT_3_1_1, 100_000);
            int largestBacklog = 0;
            // 16 MB of PINGREQ: once the answers fill the socket buffers, the reader must stop reading more.
            for (int sent = 0; sent < 80; sent++) {
                if (!sendWithin(deaf, pings, Duration.ofSeconds(3))) {
                    break; // the broker stopped reading: TCP backpressure reached this client
                }
                largestBacklog = Math.max(largestBacklog, broker.broker().largestBacklog());
            }
            largestBacklog = Math.max(largestBacklog, broker.broker().largestBacklog());
            // The documented bound: the queue bound, the inflight window and 1,024 answers (checked after each packet).
            assertThat(largestBacklog).as("PINGRESP queued for a client that does not read").isLessThanOrEqualTo(
                    MAXIMUM_QUEUED + inflightWindow + 1_024 + 1);
            bystander.assertRoundTrip("while the deaf client is stuck");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.broker().connectionCount() == 1);
    }

    /** Sends on another thread: false when the write is still blocked after {@code deadline}. */
    private static boolean sendWithin(RawClient client, byte[] bytes, Duration deadline) {
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> client.sendBytes(bytes),
                VIRTUAL);
        try {
            write.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException blocked) {
            return false;
        } catch (Exception failure) {
            throw new AssertionError("write failed", failure);
        }
    }
}
