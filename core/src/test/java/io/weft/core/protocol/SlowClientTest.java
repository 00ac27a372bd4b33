package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow but legitimate clients are served: a CONNECT trickled within the connect timeout and a PUBLISH trickled
 * one byte at a time within the keep alive. (A CONNECT trickled past the connect timeout is closed: TimeoutTest.)
 */
class SlowClientTest {

    private TestBroker broker;
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void start() {
        broker = TestBroker.start(TestBroker.settings().withConnectTimeout(Duration.ofSeconds(3)));
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        broker.close();
    }

    private static byte[] encode(MqttPacket packet, ProtocolVersion version) {
        WriteBuffer buffer = new WriteBuffer();
        PacketEncoder.encode(packet, version, buffer);
        return Arrays.copyOf(buffer.array(), buffer.size());
    }

    /** Sends {@code bytes} one at a time, {@code periodMillis} apart; completes when the last one is sent. */
    private CompletableFuture<Void> trickle(RawClient client, byte[] bytes, long periodMillis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger next = new AtomicInteger();
        scheduler.scheduleAtFixedRate(() -> {
            int index = next.getAndIncrement();
            if (index < bytes.length) {
                try {
                    client.sendBytes(new byte[] {bytes[index]});
                } catch (RuntimeException failure) {
                    done.completeExceptionally(failure);
                    throw failure; // stops the schedule
                }
            }
            if (index == bytes.length - 1) {
                done.complete(null);
                throw new java.util.concurrent.CancellationException("trickle done"); // stops the schedule
            }
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
        return done;
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("[MQTT-3.1.2-24] a CONNECT and a QoS 1 PUBLISH sent one byte every 40 ms, within the connect timeout "
            + "and the keep alive (2 s), are served")
    void byteByByteClientIsServed(ProtocolVersion version) throws Exception {
        try (RawClient subscriber = Clients.connected(broker, version, "subscriber");
             RawClient slow = new RawClient(broker.port(), version)) {
            Clients.subscribe(subscriber, 1, "slow", QoS.AT_LEAST_ONCE);
            byte[] connect = encode(new Connect(version, "slow", true, 2, null, null, null, MqttProperties.EMPTY), version);
            trickle(slow, connect, 40).get(10, TimeUnit.SECONDS);
            assertThat(slow.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);

            byte[] publish = encode(new Publish(false, QoS.AT_LEAST_ONCE, false, "slow", 7, MqttProperties.EMPTY,
                    "byte by byte".getBytes(StandardCharsets.UTF_8)), version);
            trickle(slow, publish, 40).get(10, TimeUnit.SECONDS);
            assertThat(slow.receive(PubAck.class).packetId()).isEqualTo(7);
            Publish received = subscriber.receive(Publish.class);
            assertThat(new String(received.payload(), StandardCharsets.UTF_8)).isEqualTo("byte by byte");
            Clients.expectNothingQueued(slow);
        }
    }
}
