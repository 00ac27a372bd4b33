package io.weft.distribution.crash;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.weft.distribution.WeftProcess;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delayed will pending when the broker process is killed with SIGKILL is published by the restarted broker
 * once its delay has passed [MQTT-3.1.3-9]: the state journal holds it.
 */
@Tag("process")
class DelayedWillCrashIT {

    private static final long DELAY_SECONDS = 4;

    @TempDir
    Path directory;

    @Test
    @DisplayName("[MQTT-3.1.3-9] a pending will survives kill -9 and is published after its delay")
    void pendingWillSurvivesKill() throws Exception {
        int port = freePort();
        Path data = directory.resolve("data");
        WeftProcess broker = start(0, port, data);
        try {
            Mqtt5BlockingClient watcher = client(port, "will-watcher");
            watcher.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
            watcher.subscribeWith().topicFilter("will/#").qos(MqttQos.AT_LEAST_ONCE).send();
            watcher.disconnect();

            Mqtt5BlockingClient mortal = client(port, "mortal");
            mortal.connectWith().cleanStart(true).sessionExpiryInterval(3600)
                    .willPublish().topic("will/mortal").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("gone".getBytes(StandardCharsets.UTF_8)).delayInterval(DELAY_SECONDS).applyWillPublish()
                    .send();
            mortal.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
            long endedAt = System.currentTimeMillis();
            // The broker journals the will within milliseconds of the DISCONNECT; give it a second, then crash.
            await().atMost(Duration.ofSeconds(2)).until(() -> System.currentTimeMillis() > endedAt + 1_000);
            broker.kill();

            broker = start(1, port, data);
            assertThat(broker.stderr()).as("the restarted broker recovered the will").contains("1 pending wills");
            Mqtt5BlockingClient resumed = client(port, "will-watcher");
            try (Mqtt5Publishes publishes = resumed.publishes(MqttGlobalPublishFilter.ALL)) {
                resumed.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
                long early = endedAt + DELAY_SECONDS * 1000 - 500 - System.currentTimeMillis();
                if (early > 0) {
                    assertThat(publishes.receive(early, TimeUnit.MILLISECONDS)).as("no will before its delay")
                            .isEmpty();
                }
                Optional<Mqtt5Publish> will = publishes.receive(endedAt + DELAY_SECONDS * 1000 + 5_000
                        - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
                assertThat(will).as("the will after its delay").isPresent();
                assertThat(will.orElseThrow().getTopic().toString()).isEqualTo("will/mortal");
                assertThat(new String(will.orElseThrow().getPayloadAsBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("gone");
            }
            resumed.disconnect();
        } finally {
            broker.close();
        }
    }

    private static Mqtt5BlockingClient client(int port, String identifier) {
        return Mqtt5Client.builder().identifier(identifier).serverHost("127.0.0.1").serverPort(port).buildBlocking();
    }

    private WeftProcess start(int round, int port, Path data) throws Exception {
        Path workingDirectory = Files.createDirectories(directory.resolve("round-" + round));
        WeftProcess broker = WeftProcess.start(workingDirectory, "--port", String.valueOf(port),
                "--data-dir", data.toString());
        broker.awaitReady();
        return broker;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
