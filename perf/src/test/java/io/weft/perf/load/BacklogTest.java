package io.weft.perf.load;

import com.google.gson.JsonObject;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static io.weft.perf.load.BenchRuns.json;
import static io.weft.perf.load.BenchRuns.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * backlog against an in-process Weft: a persistent session drains what it missed, in one run or in two
 * (--phase fill, then --phase drain: the split a broker restart goes into).
 */
class BacklogTest {

    private static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(strings = {"4", "5"})
    void theSessionKeepsEveryMessageWhileAway(String protocol) throws Exception {
        Result result = BenchRuns.run(broker.port(), "backlog", "--messages", "2000", "--protocol", protocol);
        JsonObject json = json(result);
        assertThat(result.exitStatus()).as(json.toString()).isZero();
        assertThat(json.get("session_present").getAsBoolean()).isTrue();
        assertThat(number(json, "messages")).isEqualTo(2000);
        assertThat(number(json, "delivered")).isEqualTo(2000);
        assertThat(number(json, "missing")).isZero();
        assertThat(number(json, "duplicates")).isZero();
        assertThat(json.get("drain_s").getAsDouble()).isPositive();
    }

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(strings = {"4", "5"})
    void aSecondRunDrainsWhatTheFillRunQueued(String protocol) throws Exception {
        String run = "phased" + protocol;
        String clientId = "bench-" + run + "-backlog";
        Result fill = BenchRuns.run(broker.port(), "backlog", "--phase", "fill", "--run", run, "--messages", "3000",
                "--protocol", protocol);
        JsonObject filled = json(fill);
        assertThat(fill.exitStatus()).as(filled.toString()).isZero();
        assertThat(filled.get("phase").getAsString()).isEqualTo("fill");
        assertThat(filled.get("publish_rate").getAsDouble()).isPositive();
        assertThat(filled.has("drain_s")).isFalse();
        assertThat(broker.broker().sessions().get(clientId)).as("the fill run leaves the session").isNotNull();

        Result drain = BenchRuns.run(broker.port(), "backlog", "--phase", "drain", "--run", run, "--messages", "3000",
                "--protocol", protocol);
        JsonObject drained = json(drain);
        assertThat(drain.exitStatus()).as(drained.toString()).isZero();
        assertThat(drained.get("phase").getAsString()).isEqualTo("drain");
        assertThat(drained.get("session_present").getAsBoolean()).isTrue();
        assertThat(number(drained, "delivered")).isEqualTo(3000);
        assertThat(number(drained, "missing")).isZero();
        assertThat(number(drained, "duplicates")).isZero();
        assertThat(drained.has("foreign")).isFalse();
        assertThat(drained.has("publish_s")).isFalse();
        // The broker ends the clean session when it sees the DISCONNECT, just after the run returned.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(broker.broker().sessions().get(clientId))
                .as("the drain run discards the session").isNull());
    }

    @Test
    void aDrainWithNothingQueuedReportsEveryMessageMissing() throws Exception {
        Result drain = BenchRuns.run(broker.port(), "backlog", "--phase", "drain", "--run", "empty", "--messages", "50");
        JsonObject drained = json(drain);
        assertThat(drain.exitStatus()).as(drained.toString()).isEqualTo(RunContext.EXIT_MISSING_OR_DUPLICATED);
        assertThat(drained.get("session_present").getAsBoolean()).isFalse();
        assertThat(number(drained, "missing")).isEqualTo(50);
    }
}
