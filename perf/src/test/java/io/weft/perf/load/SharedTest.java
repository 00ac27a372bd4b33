package io.weft.perf.load;

import com.google.gson.JsonObject;
import io.weft.core.BrokerSettings;
import io.weft.core.ProtocolSettings;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.weft.perf.load.BenchRuns.json;
import static io.weft.perf.load.BenchRuns.number;
import static org.assertj.core.api.Assertions.assertThat;

/** shared against an in-process Weft: each message reaches exactly one member of $share/bench/... */
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
    @DisplayName("5.0: every message once over the group, none missing, none twice")
    void mqtt5GroupGetsEveryMessageOnce() throws Exception {
        Result result = BenchRuns.run(broker.port(), "shared", "--protocol", "5", "--publishers", "2",
                "--subscribers", "3", "--warmup", "500ms", "--duration", "2s");
        JsonObject json = json(result);
        assertThat(result.exitStatus()).as(json.toString()).isZero();
        assertThat(json.get("scenario").getAsString()).isEqualTo("shared");
        assertThat(number(json, "delivered")).isPositive();
        assertThat(number(json, "missing")).isZero();
        assertThat(number(json, "duplicates")).isZero();
    }

    @Test
    @DisplayName("3.1.1: shared subscriptions work for 3.1.1 clients too")
    void mqtt311GroupGetsEveryMessageOnce() throws Exception {
        Result result = BenchRuns.run(broker.port(), "shared", "--publishers", "2", "--subscribers", "2",
                "--warmup", "500ms", "--duration", "2s");
        JsonObject json = json(result);
        assertThat(result.exitStatus()).as(json.toString()).isZero();
        assertThat(number(json, "missing")).isZero();
        assertThat(number(json, "duplicates")).isZero();
    }

    @Test
    @DisplayName("5.0: a broker with shared subscriptions off answers SUBACK 0x9E: a clear refusal, exit 3")
    void refusalNamesTheReasonCode() throws Exception {
        ProtocolSettings defaults = ProtocolSettings.defaults();
        BrokerSettings settings = TestBroker.settings().with(new ProtocolSettings(defaults.receiveMaximum(),
                defaults.topicAliasMaximum(), defaults.outboundTopicAliases(), defaults.maximumKeepAliveSeconds(),
                defaults.maximumQos(), defaults.retainAvailable(), defaults.wildcardSubscriptions(),
                defaults.subscriptionIdentifiers(), false, defaults.responseInformation()));
        try (TestBroker refusing = TestBroker.start(settings)) {
            Result result = BenchRuns.run(refusing.port(), "shared", "--protocol", "5", "--publishers", "2",
                    "--subscribers", "2", "--duration", "1s");
            assertThat(result.exitStatus()).isEqualTo(3);
            assertThat(json(result).get("error").getAsString()).isEqualTo("shared subscriptions refused (SUBACK 0x9E)");
        }
    }
}
