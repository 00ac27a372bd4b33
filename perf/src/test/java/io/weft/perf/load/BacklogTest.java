package io.weft.perf.load;

import com.google.gson.JsonObject;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.weft.perf.load.BenchRuns.json;
import static io.weft.perf.load.BenchRuns.number;
import static org.assertj.core.api.Assertions.assertThat;

/** backlog against an in-process Weft: a persistent session drains what it missed. */
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
}
