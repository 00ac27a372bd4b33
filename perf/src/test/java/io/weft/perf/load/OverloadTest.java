package io.weft.perf.load;

import com.google.gson.JsonObject;
import io.weft.core.BrokerSettings;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.weft.perf.load.BenchRuns.json;
import static io.weft.perf.load.BenchRuns.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** overload against an in-process Weft: the flood runs, the bystander's round trips complete, the heap is read. */
class OverloadTest {

    private static TestBroker broker;

    @BeforeAll
    static void start() {
        BrokerSettings defaults = TestBroker.settings();
        broker = TestBroker.start(new BrokerSettings(defaults.bindAddress(), 0, defaults.dataDirectory(),
                defaults.maximumPacketSize(), defaults.connectTimeout(), defaults.inflightWindow(), 1_000,
                defaults.ringSize()));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aStalledSubscriberUnderAFloodLeavesTheBystanderServed() throws Exception {
        Result result = BenchRuns.run(broker.port(), "overload", "--payload", "1000", "--warmup", "1s",
                "--duration", "2s");
        JsonObject json = json(result);
        assertThat(result.exitStatus()).as(json.toString()).isZero();
        assertThat(number(json, "flood_messages")).isPositive();
        assertThat(number(json, "loaded_round_trips")).isPositive();
        assertThat(json.get("unloaded_rtt_us_p50").getAsDouble()).isPositive();
        assertThat(json.get("loaded_rtt_us_p99").getAsDouble()).isPositive();
        assertThat(number(json, "heap_after_gc_kib")).isPositive();
        assertThat(broker.broker().counters().droppedSlowConsumer.sum()).as("the stalled subscriber's drops")
                .isPositive();
    }

    @Test
    void overloadFloodsAtQos0Only() {
        assertThatThrownBy(() -> BenchRuns.run(broker.port(), "overload", "--qos", "1"))
                .isInstanceOf(UsageException.class).hasMessageContaining("QoS 0");
    }
}
