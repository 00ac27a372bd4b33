package io.weft.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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

/**
 * The packaged {@code bin/weft} started as a user would: JAVA_HOME unset and JDK 17 first on the PATH, so
 * the launcher must find a newer JDK by itself. Owned by the test thread; {@link #close()} kills what is left.
 */
public final class WeftProcess implements AutoCloseable {

    static final Path WEFT_HOME = Path.of(System.getProperty("weft.home", "target/weft"));
    static final long DEADLINE_SECONDS = 60;
    private static final String JDK_17 = "/usr/lib/jvm/java-17-openjdk-amd64/bin";
    private static final Pattern READY = Pattern.compile("Weft listening on mqtt://([^ ]+):(\\d+)");

    private final Process process;
    private final Path stderr;

    private WeftProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    /** Starts bin/weft in {@code directory} with these arguments; stderr goes to a file there. */
    public static WeftProcess start(Path directory, String... arguments) throws IOException {
        return start(directory, Map.of(), arguments);
    }

    /** As {@link #start(Path, String...)}, with extra environment variables such as {@code WEFT_JAVA_OPTS}. */
    public static WeftProcess start(Path directory, Map<String, String> extraEnvironment, String... arguments)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(WEFT_HOME.resolve("bin/weft").toAbsolutePath().toString());
        command.addAll(List.of(arguments));
        Path stderr = directory.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        environment.remove("JAVA_HOME");
        environment.keySet().removeIf(name -> name.startsWith("WEFT_"));
        environment.put("PATH", JDK_17 + ":" + environment.getOrDefault("PATH", "/usr/bin:/bin"));
        environment.putAll(extraEnvironment);
        return new WeftProcess(builder.start(), stderr);
    }

    public Process process() {
        return process;
    }

    /** Waits for the ready line and returns the port it names. */
    public int awaitReady() throws Exception {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException failure) {
                throw new IllegalStateException("cannot read the launcher's output", failure);
            }
        }).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        Matcher address = READY.matcher(ready == null ? "" : ready);
        if (!address.matches()) {
            throw new AssertionError("no ready line but '" + ready + "'; stderr: " + stderr());
        }
        return Integer.parseInt(address.group(2));
    }

    public String stderr() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr) : "";
    }

    /** SIGKILL, as a crash would: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the broker did not die of SIGKILL");
        }
    }

    /** SIGTERM: a graceful shutdown, which must end with status 0. */
    public void terminate() throws Exception {
        process.destroy(); // SIGTERM on Linux
        if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("no graceful exit after SIGTERM; stderr: " + stderr());
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
        }
    }
}
