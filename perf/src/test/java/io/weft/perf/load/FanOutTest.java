package io.weft.perf.load;

import com.google.gson.JsonObject;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.weft.perf.load.BenchRuns.json;
import static io.weft.perf.load.BenchRuns.number;
import static org.assertj.core.api.Assertions.assertThat;

/** fan-out against an in-process Weft: every subscriber gets every message. */
class FanOutTest {

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
    void qos1ReachesEverySubscriber() throws Exception {
        Result result = BenchRuns.run(broker.port(), "fan-out", "--qos", "1", "--subscribers", "5", "--warmup",
                "500ms", "--duration", "2s");
        JsonObject json = json(result);
        assertThat(result.exitStatus()).as(json.toString()).isZero();
        assertThat(number(json, "publishers")).isEqualTo(1);
        assertThat(number(json, "subscribers")).isEqualTo(5);
        assertThat(number(json, "sent")).isPositive();
        assertThat(number(json, "delivered")).isGreaterThan(number(json, "sent")); // summed over subscribers
        assertThat(number(json, "missing")).isZero();
        assertThat(number(json, "duplicates")).isZero();
    }

    @Test
    void qos0WithALargePayload() throws Exception {
        Result result = BenchRuns.run(broker.port(), "fan-out", "--subscribers", "3", "--payload", "2000",
                "--warmup", "0s", "--duration", "1s");
        JsonObject json = json(result);
        assertThat(result.exitStatus()).as(json.toString()).isZero();
        assertThat(number(json, "payload")).isEqualTo(2000);
        assertThat(number(json, "delivered")).isPositive();
        assertThat(number(json, "duplicates")).isZero();
    }
}
