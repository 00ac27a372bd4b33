package io.weft.perf.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

/**
 * Owned by the thread that runs the scenario. CPU time and RSS of the broker (with {@code --pid}) and CPU
 * time of the generator itself, sampled at the start and end of the measured interval.
 */
final class Meter {

    private final OptionalLong brokerPid;
    private ProcessProbe.Sample brokerStart;
    private ProcessProbe.Sample brokerEnd;
    private ProcessProbe.Sample selfStart;
    private ProcessProbe.Sample selfEnd;

    Meter(OptionalLong brokerPid) {
        this.brokerPid = brokerPid;
    }

    void start() {
        selfStart = sample(OptionalLong.of(ProcessHandle.current().pid()));
        brokerStart = sample(brokerPid);
    }

    void stop() {
        brokerEnd = sample(brokerPid);
        selfEnd = sample(OptionalLong.of(ProcessHandle.current().pid()));
    }

    /** Adds the CPU fields, per unit of work ({@code unit}: "msg" or "connection"), and the broker's RSS. */
    void report(Result result, long count, String unit) {
        if (brokerStart != null && brokerEnd != null) {
            double cpu = brokerEnd.cpuSeconds() - brokerStart.cpuSeconds();
            result.put("broker_cpu_s", cpu).ratio("cpu_us_per_" + unit, cpu * 1e6, count);
            result.put("rss_before_kib", brokerStart.rssKib()).put("rss_kib", brokerEnd.rssKib());
        }
        if (selfStart != null && selfEnd != null) {
            double cpu = selfEnd.cpuSeconds() - selfStart.cpuSeconds();
            result.put("generator_cpu_s", cpu).ratio("generator_cpu_us_per_" + unit, cpu * 1e6, count);
        }
    }

    ProcessProbe.Sample brokerStart() {
        return brokerStart;
    }

    ProcessProbe.Sample brokerEnd() {
        return brokerEnd;
    }

    private static ProcessProbe.Sample sample(OptionalLong pid) {
        if (pid.isEmpty()) {
            return null;
        }
        try {
            return ProcessProbe.sample(pid.getAsLong());
        } catch (IOException gone) {
            throw new UncheckedIOException("cannot read /proc/" + pid.getAsLong() + " (did the process exit?)", gone);
        }
    }
}
