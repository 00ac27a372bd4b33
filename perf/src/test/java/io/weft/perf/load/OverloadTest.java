package io.weft.perf.load;

import com.google.gson.JsonObject;
import io.weft.core.BrokerSettings;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
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

    @Test
    @DisplayName("heap use from jcmd GC.heap_info: G1's heap line, or the sum of Serial's generations, never Metaspace")
    void heapUseIsReadForG1AndSerial() {
        String g1 = """
                garbage-first heap   total reserved 262144K, committed 34816K, used 9444K [0x00000000f0000000, 0x0)
                 region size 1024K, 1 young (1024K), 0 survivors (0K)
                 Metaspace       used 13015K, committed 13312K, reserved 1114112K
                  class space    used 1502K, committed 1600K, reserved 1048576K
                """;
        String serial = """
                DefNew     total 14784K, used 269K [0x00000000f0000000, 0x00000000f1000000, 0x00000000f1000000)
                 eden space 13184K,   2% used [0x00000000f0000000, 0x00000000f0043658, 0x00000000f0ce0000)
                 from space 1600K,   0% used [0x00000000f0ce0000, 0x00000000f0ce0000, 0x00000000f0e70000)
                Tenured      total 32768K, used 8876K [0x00000000f1000000, 0x00000000f3000000, 0x0000000100000000)
                 Metaspace       used 13015K, committed 13312K, reserved 1114112K
                """;
        assertThat(OverloadScenario.heapUsedKib(g1)).isEqualTo(9444);
        assertThat(OverloadScenario.heapUsedKib(serial)).isEqualTo(269 + 8876);
        assertThat(OverloadScenario.heapUsedKib("nothing here")).isEqualTo(-1);
    }
}
