package io.weft.perf.load;

import com.google.gson.JsonObject;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.weft.perf.load.BenchRuns.json;
import static io.weft.perf.load.BenchRuns.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** fan-in against an in-process Weft: 10 publishers, one subscriber on bench/RUN/+. */
class FanInTest {

    private static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void qos0DeliversWithoutDuplicatesAndReportsEveryField() throws Exception {
        Result result = BenchRuns.run(broker.port(), "fan-in", "--publishers", "10", "--warmup", "500ms",
                "--duration", "2s");
        JsonObject json = json(result);
        assertThat(result.exitStatus()).as(json.toString()).isZero();
        assertThat(json.get("scenario").getAsString()).isEqualTo("fan-in");
        assertThat(json.get("label").getAsString()).isEqualTo("test");
        assertThat(number(json, "qos")).isZero();
        assertThat(number(json, "publishers")).isEqualTo(10);
        assertThat(number(json, "subscribers")).isEqualTo(1);
        assertThat(number(json, "payload")).isEqualTo(64);
        assertThat(json.get("duration_s").getAsDouble()).isEqualTo(2.0);
        assertThat(number(json, "sent")).isPositive();
        assertThat(number(json, "delivered")).isPositive();
        assertThat(json.get("rate").getAsDouble()).isPositive();
        assertThat(number(json, "duplicates")).isZero();
        assertThat(number(json, "reordered")).isZero();
        for (String field : new String[] {"missing", "broker_cpu_s", "cpu_us_per_msg", "rss_kib", "generator_cpu_s",
                "p50_us", "p90_us", "p99_us", "p999_us", "max_us"}) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(number(json, "p50_us")).isLessThanOrEqualTo(number(json, "p99_us"));
        assertThat(number(json, "p99_us")).isLessThanOrEqualTo(number(json, "max_us"));
    }

    @Test
    void qos1OverMqtt5LosesNothing() throws Exception {
        Result result = BenchRuns.run(broker.port(), "fan-in", "--qos", "1", "--protocol", "5", "--publishers", "10",
                "--warmup", "500ms", "--duration", "2s", "--window", "16");
        JsonObject json = json(result);
        assertThat(result.exitStatus()).as(json.toString()).isZero();
        assertThat(json.get("protocol").getAsString()).isEqualTo("5.0");
        assertThat(number(json, "delivered")).isPositive();
        assertThat(number(json, "sent_total")).isPositive();
        assertThat(number(json, "missing")).isZero();
        assertThat(number(json, "duplicates")).isZero();
    }

    @Test
    void persistentSubscribersKeepTheirSessionsDuringTheRunAndDiscardThemAfter() throws Exception {
        String clientId = "bench-kept-s0";
        CompletableFuture<Result> running = CompletableFuture.supplyAsync(() -> {
            try {
                return BenchRuns.run(broker.port(), "fan-in", "--qos", "1", "--publishers", "4", "--run", "kept",
                        "--subscriber-session", "persistent", "--warmup", "500ms", "--duration", "2s");
            } catch (UsageException invalid) {
                throw new IllegalArgumentException(invalid);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            var session = broker.broker().sessions().get(clientId);
            return session != null && session.isPersistent();
        });
        Result result = running.get();
        JsonObject json = json(result);
        assertThat(result.exitStatus()).as(json.toString()).isZero();
        assertThat(json.get("subscriber_session").getAsString()).isEqualTo("persistent");
        assertThat(number(json, "delivered")).isPositive();
        assertThat(number(json, "missing")).isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(broker.broker().sessions().get(clientId))
                .as("discarded at the end").isNull());
    }
}
