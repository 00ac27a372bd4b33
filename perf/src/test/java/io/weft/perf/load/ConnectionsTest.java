package io.weft.perf.load;

import com.google.gson.JsonObject;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.weft.perf.load.BenchRuns.json;
import static io.weft.perf.load.BenchRuns.number;
import static org.assertj.core.api.Assertions.assertThat;

/** connections against an in-process Weft: open, hold, ping, close. */
class ConnectionsTest {

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
    void opensHoldsAndPingsEveryConnection() throws Exception {
        Result result = BenchRuns.run(broker.port(), "connections", "--connections", "300");
        JsonObject json = json(result);
        assertThat(result.exitStatus()).as(json.toString()).isZero();
        assertThat(number(json, "connections")).isEqualTo(300);
        assertThat(number(json, "alive")).isEqualTo(300);
        assertThat(json.get("connect_rate").getAsDouble()).isPositive();
        assertThat(json.has("rss_before_kib")).isTrue();
        assertThat(json.has("rss_kib")).isTrue();
        assertThat(json.has("rss_per_connection_bytes")).isTrue();
        assertThat(json.has("cpu_us_per_connection")).isTrue();
    }
}
