package io.weft.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged bin/weft as a user would: JAVA_HOME unset and JDK 17 first on the PATH, so the launcher
 * has to find a newer JDK by itself. Tagged so that surefire leaves it to failsafe, after package.
 */
@Tag("process")
class LauncherIT {

    private static final long DEADLINE_SECONDS = WeftProcess.DEADLINE_SECONDS;

    /** CONNECT, MQTT 3.1.1: protocol name "MQTT", level 4, clean session, keep alive 60 s, client id "it". */
    private static final byte[] CONNECT = {
            0x10, 0x0E,                               // CONNECT, remaining length 14
            0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,     // protocol name and level 4 (3.1.1)
            0x02, 0x00, 0x3C,                         // flags: clean session; keep alive 60
            0x00, 0x02, 'i', 't'};                    // client identifier
    private static final byte[] CONNACK_ACCEPTED = {0x20, 0x02, 0x00, 0x00};

    @TempDir
    Path directory;

    private final List<WeftProcess> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (WeftProcess process : processes) {
            process.close();
        }
    }

    @Test
    void helpWorksWithJdk17FirstOnThePathAndNoJavaHome() throws Exception {
        Process process = weft("--help");
        assertThat(process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("exited in time").isTrue();
        assertThat(process.exitValue()).as(stderr()).isZero();
        assertThat(read(process.getInputStream())).startsWith("Usage: weft").contains("--listener.port");
    }

    @Test
    void aBadConfigFileExitsWith2NamingTheKeyAndPosition() throws Exception {
        Path file = Files.writeString(directory.resolve("weft.yaml"), "listener:\n  port: 70000\n");
        Process process = weft("--config", file.toString(), "--data-dir", directory.resolve("data").toString());
        assertThat(process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("exited in time").isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stderr()).isEqualTo("weft: " + file + ":2:9: bad value for 'listener.port': expected a port"
                + " number from 0 to 65535, got '70000'\n");
        assertThat(read(process.getInputStream())).isEmpty();
    }

    @Test
    @DisplayName("starts, answers a 3.1.1 CONNECT with CONNACK 0x00 [MQTT-3.2.2-5], exits 0 on SIGTERM")
    void startsServesAndStopsGracefully() throws Exception {
        Process process = weft("--port", "0", "--data-dir", directory.resolve("data").toString());
        int port = processes.getLast().awaitReady();
        assertThat(directory.resolve("data")).isDirectory();

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
            OutputStream output = socket.getOutputStream();
            output.write(CONNECT);
            output.flush();
            assertThat(socket.getInputStream().readNBytes(CONNACK_ACCEPTED.length)).isEqualTo(CONNACK_ACCEPTED);
        }

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("exited in time").isTrue();
        assertThat(process.exitValue()).as(stderr()).isZero();
    }

    private Process weft(String... arguments) throws IOException {
        WeftProcess process = WeftProcess.start(directory, arguments);
        processes.add(process);
        return process.process();
    }

    private String stderr() throws IOException {
        return processes.getLast().stderr();
    }

    private static String read(InputStream stream) throws IOException {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }
}
