package io.weft.distribution;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Interoperability with the Debian package mosquitto-clients (installed by .ci/run): mosquitto_pub and
 * mosquitto_sub exchange QoS 0/1/2 messages, retained messages and wills through bin/weft, as 3.1.1 and 5.0.
 */
@Tag("process")
class MosquittoClientsIT {

    private static final long DEADLINE_SECONDS = 20;

    @TempDir
    static Path directory;
    private static WeftProcess weft;
    private static int port;

    @BeforeAll
    static void startWeft() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")),
                "mosquitto-clients is not installed (.ci/run installs it with apt-get)");
        weft = WeftProcess.start(directory, "--port", "0", "--data-dir", directory.resolve("data").toString());
        port = weft.awaitReady();
    }

    @AfterAll
    static void stopWeft() throws InterruptedException {
        if (weft != null) {
            weft.close();
        }
    }

    @ParameterizedTest(name = "mosquitto -V {0}, QoS {1}")
    @CsvSource({"311,0", "311,1", "311,2", "5,0", "5,1", "5,2"})
    void publishAndSubscribe(String version, int qos) throws Exception {
        String topic = "it/v" + version + "/qos" + qos;
        Subscriber subscriber = subscribe(version, topic, qos);
        run("mosquitto_pub", "-V", version, "-q", String.valueOf(qos), "-t", topic, "-m", "hello " + topic);
        assertThat(subscriber.messages()).containsExactly(topic + " hello " + topic);
    }

    @ParameterizedTest(name = "retained, mosquitto -V {0}")
    @CsvSource({"311", "5"})
    @DisplayName("retained: stored, sent on subscribe [MQTT-3.3.1-6], cleared by an empty payload [MQTT-3.3.1-10]")
    void retained(String version) throws Exception {
        String topic = "it/retained/v" + version;
        run("mosquitto_pub", "-V", version, "-q", "1", "-r", "-t", topic, "-m", "kept");
        // -R would drop retained messages: without it the subscriber gets the stored one right after SUBACK.
        assertThat(subscribe(version, topic, 1).messages()).containsExactly(topic + " kept");

        run("mosquitto_pub", "-V", version, "-q", "1", "-r", "-t", topic, "-n");
        Subscriber cleared = subscribe(version, topic, 1);
        run("mosquitto_pub", "-V", version, "-q", "1", "-t", topic, "-m", "not retained");
        assertThat(cleared.messages()).as("no retained message after clearing").containsExactly(topic + " not retained");
    }

    @ParameterizedTest(name = "will, mosquitto -V {0}")
    @CsvSource({"311", "5"})
    @DisplayName("the will is published when a client dies without DISCONNECT [MQTT-3.1.2-8]")
    void will(String version) throws Exception {
        String topic = "it/will/v" + version;
        Subscriber subscriber = subscribe(version, topic, 1);
        Process doomed = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-p", String.valueOf(port), "-V", version, "-d",
                "-t", "it/doomed", "--will-topic", topic, "--will-payload", "gone", "--will-qos", "1")
                .redirectErrorStream(true).start();
        awaitLine(doomed, "SUBACK");
        doomed.destroyForcibly(); // SIGKILL: the socket closes without DISCONNECT
        assertThat(subscriber.messages()).containsExactly(topic + " gone");
    }

    @Test
    @DisplayName("no will after a normal DISCONNECT [MQTT-3.1.2-10]")
    void noWillAfterDisconnect() throws Exception {
        String topic = "it/will/clean";
        Subscriber subscriber = subscribe("311", topic, 1);
        run("mosquitto_pub", "-V", "311", "-t", "it/other", "-m", "x", "--will-topic", topic, "--will-payload", "gone");
        run("mosquitto_pub", "-V", "311", "-t", topic, "-m", "marker");
        assertThat(subscriber.messages()).containsExactly(topic + " marker");
    }

    /** A mosquitto_sub that has received its SUBACK and exits after one message. */
    private record Subscriber(Process process, BufferedReader output) {
        List<String> messages() throws Exception {
            assertThat(process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("subscriber exited").isTrue();
            List<String> lines = new ArrayList<>();
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith("it/")) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }

    private Subscriber subscribe(String version, String topic, int qos) throws Exception {
        Process process = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-p", String.valueOf(port), "-V", version, "-d", "-v",
                "-C", "1", "-W", String.valueOf(DEADLINE_SECONDS), "-q", String.valueOf(qos), "-t", topic)
                .redirectErrorStream(true).start();
        return new Subscriber(process, awaitLine(process, "SUBACK"));
    }

    // stdbuf -oL: mosquitto_sub writes through stdio, fully buffered on a pipe; the SUBACK line must come at once.

    /** Reads the process output until a line contains {@code marker}; the rest stays readable. */
    private static BufferedReader awaitLine(Process process, String marker) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String found = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.contains(marker)) {
                        return line;
                    }
                }
                return null;
            } catch (IOException failure) {
                throw new IllegalStateException(failure);
            }
        }).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(found).as("a line with " + marker).isNotNull();
        return reader;
    }

    private static void run(String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of(command));
        full.addAll(1, List.of("-p", String.valueOf(port)));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        assertThat(process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as(String.join(" ", full)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
    }
}
