package io.weft.distribution;

import io.weft.core.testing.MetricSamples;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus endpoint of a real broker started by Main in this JVM: where it is announced, what it
 * serves over HTTP, and how a bad setting or a taken port stops start-up.
 */
class MetricsEndpointTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Main.Launch launch(String... arguments) {
        return Main.launch(List.of(arguments), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Assembly::start, broker -> {
                });
    }

    /** A QoS 1 message from a Paho 3.1.1 client, which then disconnects. */
    private static void publishOne(int port) throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "metrics-test", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options);
        client.publish("metrics/test", "21.5".getBytes(StandardCharsets.UTF_8), 1, false);
        client.disconnect();
        client.close();
    }

    @Test
    @DisplayName("--metrics-port 0: the address follows the ready line; /metrics serves the broker's, the journal's "
            + "and the JVM's metrics in the Prometheus text format")
    void servesTheBrokerJournalAndJvmMetrics() throws Exception {
        try (InProcessWeft weft = InProcessWeft.launch(directory.resolve("data"))) {
            assertThat(weft.stdout()).matches("Weft listening on mqtt://127\\.0\\.0\\.1:\\d+\n"
                    + "Weft metrics on http://127\\.0\\.0\\.1:\\d+/metrics\n");
            publishOne(weft.mqttPort());

            HttpResponse<String> response = weft.fetchMetrics(null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
            MetricSamples samples = MetricSamples.parse(response.body());
            assertThat(samples.value("weft_connects_total", "result", "accepted", "reason", "success")).isEqualTo(1);
            assertThat(samples.value("weft_messages_received_total", "qos", "1")).isEqualTo(1);
            assertThat(samples.names()).contains("weft_build_info", "weft_journal_append_seconds_bucket",
                    "weft_journal_disk_bytes", "jvm_memory_used_bytes", "jvm_threads_current",
                    "process_cpu_seconds_total");
        }
    }

    @Test
    @DisplayName("plugins' metrics are on the same endpoint: weft_plugin_call_seconds and a plugin's own, by instance")
    void servesPluginMetrics() throws Exception {
        // auth-file, on this test's class path (the distribution depends on it), with an empty users file
        java.nio.file.Path users = java.nio.file.Files.writeString(directory.resolve("passwd"), "# no users yet\n");
        java.nio.file.Path file = java.nio.file.Files.writeString(directory.resolve("weft.yaml"), """
                plugins:
                  instances:
                    users:
                      type: auth-file
                      users-file: %s
                """.formatted(users));
        try (InProcessWeft weft = InProcessWeft.launch(directory.resolve("data"), "--config", file.toString())) {
            publishOne(weft.mqttPort()); // no user name: the file's plugin abstains, the client is anonymous
            MetricSamples samples = MetricSamples.parse(weft.fetchMetrics(null).body());
            assertThat(samples.value("weft_plugin_call_seconds_count", "plugin", "users", "operation",
                    "authenticate")).isEqualTo(1);
            assertThat(samples.names()).anyMatch(name -> name.startsWith("weft_plugin_auth_file_"));
        }
    }

    @Test
    @DisplayName("OpenMetrics when the scraper asks for it")
    void servesOpenMetrics() throws Exception {
        try (InProcessWeft weft = InProcessWeft.launch(directory.resolve("data"))) {
            HttpResponse<String> response = weft.fetchMetrics("application/openmetrics-text; version=1.0.0");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).get().asString()
                    .startsWith("application/openmetrics-text");
            assertThat(response.body()).contains("# TYPE weft_connects counter").endsWith("# EOF\n");
        }
    }

    @Test
    @DisplayName("off unless a port is set: only the ready line")
    void offByDefault() {
        Main.Launch launch = launch("--port", "0", "--data-dir", directory.toString());
        try {
            assertThat(out.toString(StandardCharsets.UTF_8)).matches("Weft listening on mqtt://[^\n]+\n");
            assertThat(((Main.Launch.Serving) launch).broker().metricsAddress()).isNull();
        } finally {
            ((Main.Launch.Serving) launch).broker().close();
        }
    }

    @Test
    @DisplayName("a metrics port in use stops start-up with status 1 naming metrics.bind and metrics.port; the "
            + "broker it had started is stopped again")
    void aTakenPortStopsStartUp() throws IOException {
        int mqttPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            mqttPort = probe.getLocalPort();
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Main.Launch launch = launch("--port", Integer.toString(mqttPort), "--metrics-port",
                    Integer.toString(taken.getLocalPort()), "--data-dir", directory.toString());

            assertThat(launch).isEqualTo(new Main.Launch.Exit(1));
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("weft: cannot serve metrics on 127.0.0.1:"
                    + taken.getLocalPort() + " (metrics.bind, metrics.port): ").hasLineCount(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
        try (ServerSocket listenerAgain = new ServerSocket(mqttPort, 1, InetAddress.getLoopbackAddress())) {
            assertThat(listenerAgain.getLocalPort()).as("the MQTT listener was closed").isEqualTo(mqttPort);
        }
    }

    @Test
    @DisplayName("a bad metrics.port in the configuration file stops start-up with status 2, naming the key and line")
    void aBadPortInTheFileIsAConfigurationError() throws IOException {
        Path file = Files.writeString(directory.resolve("weft.yaml"), "metrics:\n  port: 65536\n");

        Main.Launch launch = launch("--config", file.toString(), "--data-dir", directory.toString());

        assertThat(launch).isEqualTo(new Main.Launch.Exit(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("weft: " + file + ":2:9: bad value for "
                + "'metrics.port': expected a port number from 0 to 65535, or off, got '65536'\n");
    }
}
