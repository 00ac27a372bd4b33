package io.weft.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged bin/weft-bench, started as a user would (JAVA_HOME unset, JDK 17 first on the PATH), against
 * the packaged bin/weft. Tagged so that surefire leaves it to failsafe, after package.
 */
@Tag("process")
class WeftBenchLauncherIT {

    private static final String JDK_17 = "/usr/lib/jvm/java-17-openjdk-amd64/bin";

    @TempDir
    Path directory;

    private WeftProcess broker;

    @AfterEach
    void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void helpWorksWithJdk17FirstOnThePath() throws Exception {
        Process bench = bench("--help");
        assertThat(bench.waitFor(WeftProcess.DEADLINE_SECONDS, TimeUnit.SECONDS)).as("exited in time").isTrue();
        assertThat(bench.exitValue()).as(stderr()).isZero();
        assertThat(new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("Usage: weft-bench SCENARIO");
    }

    @Test
    void fanInAgainstThePackagedBrokerPrintsOneResultLine() throws Exception {
        broker = WeftProcess.start(directory, "--port", "0", "--data-dir", directory.resolve("data").toString());
        int port = broker.awaitReady();
        Process bench = bench("fan-in", "--port", Integer.toString(port), "--pid",
                Long.toString(broker.process().pid()), "--publishers", "2", "--warmup", "0s", "--duration", "1s",
                "--label", "it", "--timeout", "30s");
        assertThat(bench.waitFor(WeftProcess.DEADLINE_SECONDS, TimeUnit.SECONDS)).as("exited in time").isTrue();
        String stdout = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bench.exitValue()).as(stdout + stderr()).isZero();
        assertThat(stdout.lines()).hasSize(1);
        assertThat(stdout).startsWith("{\"scenario\":\"fan-in\",\"label\":\"it\"")
                .contains("\"delivered\":", "\"duplicates\":0", "\"broker_cpu_s\":", "\"rss_kib\":").endsWith("}\n");
    }

    private Process bench(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(WeftProcess.WEFT_HOME.resolve("bin/weft-bench").toAbsolutePath().toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(directory.resolve("bench-stderr.txt").toFile());
        Map<String, String> environment = builder.environment();
        environment.remove("JAVA_HOME");
        environment.keySet().removeIf(name -> name.startsWith("WEFT_"));
        environment.put("PATH", JDK_17 + ":" + environment.getOrDefault("PATH", "/usr/bin:/bin"));
        return builder.start();
    }

    private String stderr() throws IOException {
        Path file = directory.resolve("bench-stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
