package io.weft.core.dispatch;

import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Regression: with one carrier thread (a broker confined to one core, or a CPU quota of one), a QoS 0 flood that
 * filled the ring livelocked the broker: the persist stage kept asking for a slot a flooding reader had claimed
 * but could not publish yet, and never let go of the only carrier the reader needed. The broker runs in a JVM
 * pinned to one core with one carrier ({@link SingleCarrierFlood}); the flood comes from this JVM, as from clients
 * on other cores, and a bystander's QoS 1 round trips must all complete (RawClient's 5 s read deadline each).
 * Two changes each prevent it: the wait strategy gives way to the claimant, and the ring's fair share keeps one
 * reader from filling the ring; with both taken out this test fails (checked), with either one it passes.
 */
class SingleCarrierFloodTest {

    private static final int FLOODERS = 8;
    private static final int ROUND_TRIPS = 100;

    @Test
    @DisplayName("one carrier thread: a flood that fills the ring does not livelock the stages; a bystander is served")
    void floodOnOneCarrierKeepsServing() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process broker = new ProcessBuilder("taskset", "-c", "0", java.toString(),
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-cp", System.getProperty("java.class.path"), SingleCarrierFlood.class.getName(), "256")
                .redirectError(Path.of("target", "single-carrier-flood.log").toFile()).start();
        AtomicBoolean flooding = new AtomicBoolean(true);
        List<Thread> floods = new ArrayList<>();
        try {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(broker.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine().strip());
            try (RawClient stalled = connected(port, "stalled"); RawClient bystander = connected(port, "bystander")) {
                stalled.send(new Subscribe(1, List.of(new Subscription("flood/#", QoS.AT_MOST_ONCE, false, false,
                        RetainHandling.SEND_ON_SUBSCRIBE)), MqttProperties.EMPTY)); // and never reads again
                for (int flooder = 0; flooder < FLOODERS; flooder++) {
                    String clientId = "flood" + flooder;
                    floods.add(Thread.ofPlatform().daemon(true).start(() -> flood(port, clientId, flooding)));
                }
                for (int trip = 1; trip <= ROUND_TRIPS; trip++) {
                    bystander.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "probe", trip, MqttProperties.EMPTY,
                            new byte[] {'x'}));
                    assertPacketId(bystander.receive(PubAck.class), trip);
                }
            }
        } finally {
            flooding.set(false);
            for (Thread flood : floods) {
                flood.join(5_000);
            }
            broker.getOutputStream().close();
            if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void assertPacketId(PubAck ack, int expected) {
        org.assertj.core.api.Assertions.assertThat(ack.packetId()).isEqualTo(expected);
    }

    private static RawClient connected(int port, String clientId) {
        RawClient client = new RawClient(port, ProtocolVersion.MQTT_3_1_1);
        client.send(new Connect(ProtocolVersion.MQTT_3_1_1, clientId, true, 0, null, null, null, MqttProperties.EMPTY));
        client.receive(ConnAck.class);
        return client;
    }

    /** QoS 0 PUBLISH packets to flood/x as fast as the socket takes them. */
    private static void flood(int port, String clientId, AtomicBoolean flooding) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            byte[] id = clientId.getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream connect = new ByteArrayOutputStream();
            connect.writeBytes(new byte[] {0x10, (byte) (12 + id.length), 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 0, 0,
                    (byte) id.length});
            connect.writeBytes(id);
            out.write(connect.toByteArray());
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int i = 0; i < 256; i++) {
                batch.writeBytes(new byte[] {0x30, 0x0A, 0, 5, 'f', 'l', 'o', 'o', 'd', 'x', 'y', 'z'});
            }
            byte[] bytes = batch.toByteArray();
            while (flooding.get()) {
                out.write(bytes);
            }
        } catch (java.io.IOException ended) {
            // the broker closed the connection at the end of the test
        }
    }
}
