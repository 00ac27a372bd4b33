package io.weft.perf.load;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a scenario in-process and parses its result line with an independent JSON parser. */
final class BenchRuns {

    private BenchRuns() {
    }

    /** The scenario with {@code --port}, {@code --pid} (this JVM: the broker runs in it) and a label. */
    static Result run(int port, String... arguments) throws UsageException {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of("--port", Integer.toString(port), "--pid", Long.toString(ProcessHandle.current().pid()),
                "--label", "test", "--timeout", "25s"));
        return LoadGenerator.run(all);
    }

    static JsonObject json(Result result) {
        String line = result.toJson();
        assertThat(line).doesNotContain("\n");
        return JsonParser.parseString(line).getAsJsonObject();
    }

    static long number(JsonObject json, String field) {
        assertThat(json.has(field)).as("field %s in %s", field, json).isTrue();
        return json.get(field).getAsLong();
    }
}
