package io.weft.perf.load;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: usage errors name the option and exit 2; help exits 0; a silent broker times out. */
class LoadGeneratorCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                 | missing SCENARIO",
            "--qos 1                            | missing SCENARIO",
            "flood                              | unknown scenario 'flood'",
            "fan-in --bogus 1                   | unknown option '--bogus'",
            "fan-in --qos 2                     | --qos: expected 0 or 1, got '2'",
            "fan-in --qos=x                     | --qos: expected 0 or 1, got 'x'",
            "fan-in --port 70000                | --port: expected an integer from 1 to 65535, got '70000'",
            "fan-in --payload 8                 | --payload: expected an integer from 20 to",
            "fan-in --duration 0s               | --duration: expected a positive duration",
            "fan-in --warmup soon               | --warmup: expected a duration",
            "fan-in --protocol 3                | --protocol: expected 4 or 5, got '3'",
            "fan-in --threads green             | --threads: expected platform or virtual, got 'green'",
            "fan-in --host 192.0.2.1            | --host: '192.0.2.1' resolves to 192.0.2.1, not a loopback address",
            "fan-in --window                    | --window: missing value",
            "backlog --qos 0                    | --qos: backlog needs QoS 1",
            "backlog --phase refill             | --phase: expected fill, drain or both, got 'refill'",
            "fan-in --phase fill                | --phase: only for the backlog scenario",
            "backlog --run a/b                  | --run: expected 1 to 16 letters and digits, got 'a/b'",
            "fan-in --subscriber-session kept   | --subscriber-session: expected clean or persistent, got 'kept'",
            "backlog --subscriber-session clean | --subscriber-session: only for fan-in, fan-out, shared and latency",
            "fan-in extra                       | unexpected argument 'extra'"})
    void badCommandLinesExit2NamingTheOption(String line, String message) {
        int status = execute(line.isBlank() ? List.of() : Arrays.asList(line.trim().split(" +")));
        assertThat(status).isEqualTo(2);
        assertThat(err()).startsWith("weft-bench: " + message).contains("Try 'weft-bench --help'.");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpPrintsUsageAndExits0() {
        assertThat(execute(List.of("--help"))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: weft-bench SCENARIO")
                .contains("fan-in", "fan-out", "shared", "latency", "connections", "backlog", "--timeout", "--phase",
                        "--run", "--subscriber-session");
    }

    @Test
    void aBrokerThatNeverAnswersEndsInATimeoutExit4WithOneResultLine() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int status = execute(List.of("fan-in", "--port", Integer.toString(silent.getLocalPort()), "--publishers",
                    "1", "--timeout", "1s"));
            assertThat(status).isEqualTo(4);
            String line = out.toString(StandardCharsets.UTF_8);
            assertThat(line.lines()).hasSize(1);
            assertThat(JsonParser.parseString(line).getAsJsonObject().get("error").getAsString())
                    .startsWith("timeout");
        }
    }

    private int execute(List<String> arguments) {
        return LoadGenerator.execute(arguments, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
