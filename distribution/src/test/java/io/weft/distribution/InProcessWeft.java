package io.weft.distribution;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Main in this JVM with the real starter (journal, broker, metrics endpoint) on port 0, without the signal
 * handling: for tests that talk to the endpoint. Owned by the test thread; {@link #close()} stops it.
 */
final class InProcessWeft implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Weft listening on mqtt://[^ ]+:(\\d+)");
    private static final Pattern METRICS = Pattern.compile("Weft metrics on (http://\\S+/metrics)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Main.RunningBroker broker;
    private final String stdout;

    private InProcessWeft(Main.RunningBroker broker, String stdout) {
        this.broker = broker;
        this.stdout = stdout;
    }

    /** Starts with {@code --port 0 --metrics-port 0 --data-dir DIR} and the extra arguments. */
    static InProcessWeft launch(Path dataDirectory, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--port", "0", "--metrics-port", "0", "--data-dir",
                dataDirectory.toString()));
        all.addAll(List.of(arguments));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main.Launch launch = Main.launch(all, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Assembly::start, broker -> {
                });
        if (!(launch instanceof Main.Launch.Serving serving)) {
            throw new AssertionError("not started: " + launch + ": " + err.toString(StandardCharsets.UTF_8));
        }
        return new InProcessWeft(serving.broker(), out.toString(StandardCharsets.UTF_8));
    }

    /** What Main printed: the ready line and the metrics line. */
    String stdout() {
        return stdout;
    }

    int mqttPort() {
        Matcher ready = READY.matcher(stdout);
        if (!ready.find()) {
            throw new AssertionError("no ready line in: " + stdout);
        }
        return Integer.parseInt(ready.group(1));
    }

    /** The URL from the line {@code Weft metrics on http://HOST:PORT/metrics}. */
    URI metricsUri() {
        Matcher metrics = METRICS.matcher(stdout);
        if (!metrics.find()) {
            throw new AssertionError("no metrics line in: " + stdout);
        }
        return URI.create(metrics.group(1));
    }

    /** GET /metrics with an Accept header (null for none), as a Prometheus server would. */
    HttpResponse<String> fetchMetrics(String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(metricsUri()).timeout(Duration.ofSeconds(10));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        broker.close();
    }
}
