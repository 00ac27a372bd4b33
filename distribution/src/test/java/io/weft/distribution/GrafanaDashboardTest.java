package io.weft.distribution;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.weft.core.testing.MetricSamples;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard in the distribution (grafana/weft-dashboard.json) cannot rot: every metric its queries
 * use is one a running broker serves, and it imports with a Prometheus data source chosen at import.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of(System.getProperty("weft.repositoryRoot", ".."))
            .resolve("distribution/src/main/dist/grafana/weft-dashboard.json");
    private static final String DATA_SOURCE = "${DS_PROMETHEUS}";
    /** Label matchers, ranges, grouping clauses and strings: none of them names a metric. */
    private static final Pattern NOT_METRICS = Pattern.compile(
            "\\{[^}]*}|\\[[^]]*]|\\b(?:by|without)\\s*\\([^)]*\\)|\"[^\"]*\"");
    /** An identifier not followed by "(" (which would make it a function). */
    private static final Pattern METRIC = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

    @TempDir
    Path directory;

    private static JsonObject dashboard() throws Exception {
        return JsonParser.parseString(Files.readString(DASHBOARD, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** Every query expression of every panel. */
    private static List<String> expressions(JsonObject dashboard) {
        List<String> expressions = new ArrayList<>();
        for (JsonElement panel : dashboard.getAsJsonArray("panels")) {
            JsonArray targets = panel.getAsJsonObject().getAsJsonArray("targets");
            if (targets != null) {
                targets.forEach(target -> expressions.add(target.getAsJsonObject().get("expr").getAsString()));
            }
        }
        return expressions;
    }

    /** The metric names in one PromQL expression. */
    static Set<String> metricsIn(String expression) {
        String bare = NOT_METRICS.matcher(expression).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher metric = METRIC.matcher(bare);
        while (metric.find()) {
            if (!metric.group(1).matches("[0-9.]+|and|or|unless|offset|bool|on|ignoring")) {
                names.add(metric.group(1));
            }
        }
        return names;
    }

    @Test
    @DisplayName("the expression parser finds metric names, not functions, labels or ranges")
    void findsMetricNames() {
        assertThat(metricsIn("histogram_quantile(0.99, sum by (le) (rate(weft_journal_append_seconds_bucket"
                + "{instance=~\"$instance\"}[$__rate_interval])))")).containsExactly("weft_journal_append_seconds_bucket");
        assertThat(metricsIn("sum(rate(a_sum[5m])) / sum(rate(a_count[5m]))")).containsExactly("a_count", "a_sum");
    }

    @Test
    @DisplayName("it imports cleanly: one Prometheus data source input, used by every panel and query")
    void usesTheDataSourceInput() throws Exception {
        JsonObject dashboard = dashboard();
        JsonArray inputs = dashboard.getAsJsonArray("__inputs");
        assertThat(inputs).hasSize(1);
        assertThat(inputs.get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("DS_PROMETHEUS");
        assertThat(inputs.get(0).getAsJsonObject().get("pluginId").getAsString()).isEqualTo("prometheus");
        for (JsonElement element : dashboard.getAsJsonArray("panels")) {
            JsonObject panel = element.getAsJsonObject();
            if (panel.get("type").getAsString().equals("row")) {
                continue;
            }
            assertThat(panel.getAsJsonObject("datasource").get("uid").getAsString()).as(panel.get("title").toString())
                    .isEqualTo(DATA_SOURCE);
            assertThat(panel.getAsJsonArray("targets")).as(panel.get("title").toString()).isNotEmpty();
        }
        assertThat(expressions(dashboard)).allSatisfy(expression ->
                assertThat(metricsIn(expression)).as(expression).isNotEmpty());
    }

    @Test
    @DisplayName("every metric the dashboard queries is served by a running broker at /metrics")
    void everyMetricItUsesIsServed() throws Exception {
        JsonObject dashboard = dashboard();
        Set<String> used = new TreeSet<>();
        expressions(dashboard).forEach(expression -> used.addAll(metricsIn(expression)));
        for (JsonElement variable : dashboard.getAsJsonObject("templating").getAsJsonArray("list")) {
            Matcher labelValues = LABEL_VALUES.matcher(variable.getAsJsonObject().get("definition").getAsString());
            if (labelValues.find()) {
                used.add(labelValues.group(1));
            }
        }
        assertThat(used).contains("weft_connects_total", "weft_messages_dropped_total", "jvm_memory_used_bytes",
                "weft_plugin_call_seconds_bucket", "weft_plugin_call_errors_total");

        // A listener plugin (from core's test jar), so that the plugin panels' series are served too.
        java.nio.file.Path file = java.nio.file.Files.writeString(directory.resolve("weft.yaml"), """
                plugins:
                  instances:
                    audit:
                      type: test-listener
                """);
        try (InProcessWeft weft = InProcessWeft.launch(directory.resolve("data"), "--config", file.toString())) {
            // Traffic, so that series that appear with their first event (disconnects) are there too.
            MqttClient client = new MqttClient("tcp://127.0.0.1:" + weft.mqttPort(), "dashboard",
                    new MemoryPersistence());
            client.connect(new MqttConnectOptions());
            client.subscribe("dashboard/#", 2);
            for (int qos = 0; qos <= 2; qos++) {
                client.publish("dashboard/" + qos, new byte[] {1}, qos, false);
            }
            client.disconnect();
            client.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> MetricSamples.parse(weft.fetchMetrics(null).body())
                    .names().containsAll(Set.of("weft_disconnects_total", "weft_plugin_call_seconds_count")));

            Set<String> served = MetricSamples.parse(weft.fetchMetrics(null).body()).names();
            assertThat(served).containsAll(used);
        }
    }
}
