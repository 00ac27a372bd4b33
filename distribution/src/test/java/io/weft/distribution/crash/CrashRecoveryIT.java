package io.weft.distribution.crash;

import io.weft.distribution.WeftProcess;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker as a separate process, killed with SIGKILL at random moments while real clients publish QoS 1
 * (Paho, 3.1.1) and QoS 2 (HiveMQ client, 5.0) to persistent subscribers, restarted on the same data
 * directory each time. Every acknowledged message must arrive (QoS 1 at least once, QoS 2 exactly once), in
 * order per publisher; subscriptions and retained messages must survive.
 */
@Tag("process")
class CrashRecoveryIT {

    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}: {1} kills")
    @CsvSource({"os-cache,4", "fsync-batch,2", "fsync-each,2"})
    @DisplayName("kill -9 at random moments loses no acknowledged message [MQTT-4.3.2], [MQTT-4.3.3]")
    void killedBrokerLosesNothingAcknowledged(String durability, int kills) throws Exception {
        long seed = System.nanoTime();
        System.out.println("seed " + seed);
        Random random = new Random(seed);
        runRounds(durability, kills, random, true);
    }

    @Test
    @DisplayName("a graceful restart (SIGTERM) loses nothing either")
    void gracefulRestartLosesNothing() throws Exception {
        runRounds("os-cache", 1, new Random(1), false);
    }

    private void runRounds(String durability, int restarts, Random random, boolean kill) throws Exception {
        int port = freePort();
        Path data = directory.resolve("data");
        WeftProcess broker = start(0, port, data, durability);
        try (PahoQos1Flow qos1 = new PahoQos1Flow(); HiveMqQos2Flow qos2 = new HiveMqQos2Flow()) {
            qos1.connect(port);
            qos2.connect(port);
            PahoQos1Flow.publishRetained(port, "crash/retained", "kept");
            qos1.start();
            qos2.start();
            for (int round = 1; round <= restarts; round++) {
                awaitProgress(qos1, qos2);
                // Some traffic, then the end: a random moment while both publishers are busy.
                long acknowledgedBefore = qos1.lastAcknowledged() + qos2.lastAcknowledged();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() ->
                        qos1.lastAcknowledged() + qos2.lastAcknowledged() > acknowledgedBefore + random.nextInt(50, 2_000));
                if (kill) {
                    broker.kill();
                } else {
                    broker.terminate();
                }
                broker = start(round, port, data, durability);
            }
            awaitProgress(qos1, qos2);
            qos1.stop();
            qos2.stop();
            for (TelemetryFlow flow : List.of(qos1, qos2)) {
                await(flow.name + ": every acknowledged message arrives").atMost(DELIVERY_DEADLINE)
                        .pollInterval(Duration.ofMillis(50)).until(() -> flow.missing().isEmpty());
                assertThat(flow.reordered()).as("%s: order per publisher", flow.name).isEmpty();
                assertThat(flow.acknowledgedCount()).as("%s: acknowledged", flow.name).isPositive();
            }
            System.out.printf("%s: acknowledged %d and %d messages over %d restarts%n", durability,
                    qos1.acknowledgedCount(), qos2.acknowledgedCount(), restarts);
            assertThat(qos2.duplicates()).as("QoS 2 arrives exactly once [MQTT-4.3.3-9]").isEmpty();
            assertThat(retained(port, "crash/retained")).isEqualTo("kept");
        } finally {
            broker.close();
        }
    }

    private WeftProcess start(int round, int port, Path data, String durability) throws Exception {
        Path workingDirectory = Files.createDirectories(directory.resolve("round-" + round));
        WeftProcess broker = WeftProcess.start(workingDirectory, "--port", String.valueOf(port),
                "--data-dir", data.toString(), "--storage.durability", durability, "--storage.sync-interval", "5ms");
        broker.awaitReady();
        broker.stderr().lines().filter(line -> line.contains("recovered") || line.contains("replayed"))
                .forEach(line -> System.out.println("round " + round + ": " + line));
        return broker;
    }

    /** Both publishers got an acknowledgement from the broker now running (their clients reconnected). */
    private static void awaitProgress(TelemetryFlow first, TelemetryFlow second) {
        long firstBefore = first.lastAcknowledged();
        long secondBefore = second.lastAcknowledged();
        await("publishers resume").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> first.lastAcknowledged() > firstBefore && second.lastAcknowledged() > secondBefore);
    }

    private static String retained(int port, String topic) throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "crash-retained-reader", new MemoryPersistence());
        try {
            client.connect();
            CompletableFuture<String> message = new CompletableFuture<>();
            IMqttMessageListener listener = (arrivedTopic, arrived) ->
                    message.complete(new String(arrived.getPayload(), StandardCharsets.UTF_8));
            client.subscribe(topic, 1, listener);
            return message.get(10, TimeUnit.SECONDS);
        } finally {
            client.disconnect();
            client.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
