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

    private static final Path WEFT_HOME = Path.of(System.getProperty("weft.home", "target/weft"));
    private static final String JDK_17 = "/usr/lib/jvm/java-17-openjdk-amd64/bin";
    private static final long DEADLINE_SECONDS = 60;
    private static final Pattern READY = Pattern.compile("Weft listening on mqtt://([^ ]+):(\\d+)");

    /** CONNECT, MQTT 3.1.1: protocol name "MQTT", level 4, clean session, keep alive 60 s, client id "it". */
    private static final byte[] CONNECT = {
            0x10, 0x0E,                               // CONNECT, remaining length 14
            0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,     // protocol name and level 4 (3.1.1)
            0x02, 0x00, 0x3C,                         // flags: clean session; keep alive 60
            0x00, 0x02, 'i', 't'};                    // client identifier
    private static final byte[] CONNACK_ACCEPTED = {0x20, 0x02, 0x00, 0x00};

    @TempDir
    Path directory;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
            }
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
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String ready = CompletableFuture.supplyAsync(() -> readLine(stdout))
                .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(ready).as("ready line; stderr: " + stderr()).matches(READY);
        Matcher address = READY.matcher(ready);
        assertThat(address.matches()).isTrue();
        assertThat(directory.resolve("data")).isDirectory();

        try (Socket socket = new Socket(address.group(1), Integer.parseInt(address.group(2)))) {
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
        List<String> command = new ArrayList<>();
        command.add(WEFT_HOME.resolve("bin/weft").toAbsolutePath().toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectError(directory.resolve("stderr.txt").toFile());
        Map<String, String> environment = builder.environment();
        environment.remove("JAVA_HOME");
        environment.keySet().removeIf(name -> name.startsWith("WEFT_"));
        environment.put("PATH", JDK_17 + ":" + environment.getOrDefault("PATH", "/usr/bin:/bin"));
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private String stderr() throws IOException {
        Path file = directory.resolve("stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static String read(InputStream stream) throws IOException {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException failure) {
            throw new IllegalStateException("cannot read the launcher's output", failure);
        }
    }
}
