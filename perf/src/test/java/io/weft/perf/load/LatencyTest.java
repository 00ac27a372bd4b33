package io.weft.perf.load;

import com.google.gson.JsonObject;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.weft.perf.load.BenchRuns.json;
import static io.weft.perf.load.BenchRuns.number;
import static org.assertj.core.api.Assertions.assertThat;

/** latency against an in-process Weft: a fixed schedule over two publishers, QoS 1. */
class LatencyTest {

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
    void reportsPercentilesInOrderAndLosesNothing() throws Exception {
        Result result = BenchRuns.run(broker.port(), "latency", "--rate", "2000", "--publishers", "2",
                "--warmup", "500ms", "--duration", "2s");
        JsonObject json = json(result);
        assertThat(result.exitStatus()).as(json.toString()).isZero();
        assertThat(number(json, "qos")).isEqualTo(1);
        assertThat(number(json, "target_rate")).isEqualTo(2000);
        assertThat(number(json, "latency_samples")).isPositive();
        assertThat(number(json, "missing")).isZero();
        assertThat(number(json, "duplicates")).isZero();
        long p50 = number(json, "p50_us");
        long p90 = number(json, "p90_us");
        long p99 = number(json, "p99_us");
        long p999 = number(json, "p999_us");
        assertThat(p50).isLessThanOrEqualTo(p90);
        assertThat(p90).isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(p999);
        assertThat(p999).isLessThanOrEqualTo(number(json, "max_us"));
    }
}
