package io.weft.perf.jmh;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** One tiny in-process JMH run: proves the annotation processor generated the benchmark list and it runs. */
class BenchmarkSmokeTest {

    @Test
    @DisplayName("the generated BenchmarkList runs the PUBLISH decode benchmark in-process with a positive score")
    void decodeBenchmarkRuns() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(Pattern.quote(PublishCodecBenchmark.class.getName()) + "\\.decode$")
                .param("version", "MQTT_5")
                .param("payloadSize", "64")
                .forks(0)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        assertThat(results).hasSize(1);
        RunResult result = results.iterator().next();
        assertThat(result.getParams().getBenchmark()).endsWith("PublishCodecBenchmark.decode");
        assertThat(result.getPrimaryResult().getScore()).isPositive();
    }
}
