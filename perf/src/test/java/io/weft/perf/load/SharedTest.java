package io.weft.perf.load;

import com.google.gson.JsonObject;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.weft.perf.load.BenchRuns.json;
import static org.assertj.core.api.Assertions.assertThat;

/** shared against an in-process Weft, which refuses $share subscriptions until a later issue. */
class SharedTest {

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
    @DisplayName("5.0: SUBACK 0x9E (shared subscriptions not supported) is a clear refusal, exit 3")
    void mqtt5RefusalNamesTheReasonCode() throws Exception {
        Result result = BenchRuns.run(broker.port(), "shared", "--protocol", "5", "--publishers", "2",
                "--subscribers", "2", "--duration", "1s");
        JsonObject json = json(result);
        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(json.get("scenario").getAsString()).isEqualTo("shared");
        assertThat(json.get("error").getAsString()).isEqualTo("shared subscriptions refused (SUBACK 0x9E)");
    }

    @Test
    @DisplayName("3.1.1: SUBACK failure 0x80 [MQTT-3.9.3-2] is a clear refusal, exit 3")
    void mqtt311RefusalIs0x80() throws Exception {
        Result result = BenchRuns.run(broker.port(), "shared", "--publishers", "2", "--subscribers", "2",
                "--duration", "1s");
        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(json(result).get("error").getAsString()).isEqualTo("shared subscriptions refused (SUBACK 0x80)");
    }
}
