package io.weft.perf.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Owned by the thread that runs the scenario; each flooding publisher gets a thread of its own. overload:
 * {@code --subscribers} subscribe at QoS 0 and then never read, {@code --publishers} flood them at QoS 0 as
 * fast as they can; a bystander measures QoS 1 round trips on a topic of its own before the flood (unloaded)
 * and during it, after {@code --warmup} has filled the stalled subscribers' buffers (loaded). With
 * {@code --pid}, the broker's heap after a full GC at the end, the stalled subscribers still connected.
 */
final class OverloadScenario {

    private static final int UNLOADED_ROUND_TRIPS = 200;
    private static final int FRAMES_PER_WRITE = 64;
    /**
     * The heap's own lines of {@code jcmd GC.heap_info}: G1's one line, or one per generation (Serial, which the
     * JVM picks on one CPU, and Parallel); not Metaspace, nor the eden/from/to detail lines.
     */
    private static final Pattern HEAP_USED = Pattern.compile(
            "(?m)^\\s*(?:garbage-first heap|DefNew|Tenured|def new generation|tenured generation|PSYoungGen|ParOldGen)"
                    + "\\b.*?\\bused (\\d+)K");

    private final RunContext context;
    private final Options options;
    private final String run;
    private int nextPacketId = 1;

    OverloadScenario(RunContext context, String run) {
        this.context = context;
        this.options = context.options();
        this.run = run;
    }

    Result run(Result result) throws IOException, RunFailure {
        result.put("run", run).put("publishers", options.publishers()).put("stalled", options.subscribers())
                .put("payload", options.payload());
        BenchConnection bystander = BenchConnection.open(context, "bench-" + run + "-bystander", SessionMode.CLEAN);
        subscribe(bystander, bystanderTopic(), 1);
        long[] unloaded = roundTrips(bystander, UNLOADED_ROUND_TRIPS, Long.MAX_VALUE);
        for (int index = 0; index < options.subscribers(); index++) {
            BenchConnection stalled = BenchConnection.open(context, "bench-" + run + "-stalled" + index,
                    SessionMode.CLEAN, null, false);
            subscribe(stalled, floodTopic(), 0); // and never read again: the socket stays open until the end
        }

        Meter meter = new Meter(options.pid());
        List<Flood> floods = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int index = 0; index < options.publishers(); index++) {
            Flood flood = new Flood(BenchConnection.open(context, "bench-" + run + "-flood" + index, SessionMode.CLEAN));
            floods.add(flood);
            threads.add(options.threads().start("overload-flood-" + index, flood));
        }
        context.waitUntil(System.nanoTime() + options.warmup().toNanos());
        meter.start();
        long floodStart = floods.stream().mapToLong(Flood::sent).sum();
        long start = System.nanoTime();
        long[] loaded = roundTrips(bystander, Integer.MAX_VALUE, start + options.duration().toNanos());
        double seconds = (System.nanoTime() - start) / 1e9;
        long flooded = floods.stream().mapToLong(Flood::sent).sum() - floodStart;
        meter.stop();
        floods.forEach(Flood::stop);
        for (Thread thread : threads) {
            context.join(thread);
        }
        context.check();

        result.put("flood_messages", flooded).put("flood_rate", flooded / seconds);
        percentiles(result, "unloaded", unloaded);
        percentiles(result, "loaded", loaded);
        result.put("loaded_round_trips", loaded.length);
        meter.report(result, flooded, "msg");
        if (options.pid().isPresent()) {
            long heap = heapAfterGcKib(options.pid().getAsLong());
            if (heap >= 0) {
                result.put("heap_after_gc_kib", heap);
            }
        }
        bystander.disconnect();
        return result;
    }

    private void subscribe(BenchConnection connection, String filter, int qos) throws IOException, RunFailure {
        int code = connection.subscribe(filter, qos);
        if (code >= 0x80) {
            throw new RunFailure(RunContext.EXIT_REFUSED, "subscription to " + filter + " refused (SUBACK 0x"
                    + BenchConnection.hex(code) + ")");
        }
    }

    /**
     * QoS 1 PUBLISH to the bystander's own topic, then both its PUBACK and the message itself: one round trip.
     * Stops after {@code count} or at {@code deadline}; returns each round trip in nanoseconds.
     */
    private long[] roundTrips(BenchConnection connection, int count, long deadline) throws IOException, RunFailure {
        PublishFrame frame = MqttEncoder.publish(options.protocol(), bystanderTopic(), 1,
                "bystander".getBytes(StandardCharsets.US_ASCII));
        long[] times = new long[Math.min(count, 1 << 16)];
        int done = 0;
        byte[] acknowledgement = new byte[MqttEncoder.PUBACK_LENGTH];
        while (done < count && System.nanoTime() < deadline) {
            context.check();
            int packetId = nextPacketId;
            nextPacketId = nextPacketId == 0xFFFF ? 1 : nextPacketId + 1;
            frame.bytes()[frame.packetIdOffset()] = (byte) (packetId >>> 8);
            frame.bytes()[frame.packetIdOffset() + 1] = (byte) packetId;
            long sent = System.nanoTime();
            connection.write(frame.bytes());
            int[] echo = {-1};
            boolean[] acknowledged = {false};
            while (echo[0] < 0 || !acknowledged[0]) {
                connection.reader().next((header, buffer, offset, length) -> {
                    int type = header & 0xF0;
                    if (type == MqttEncoder.PUBACK) {
                        acknowledged[0] = true;
                    } else if (type == MqttEncoder.PUBLISH) {
                        int topicLength = (buffer[offset] & 0xFF) << 8 | buffer[offset + 1] & 0xFF;
                        int at = offset + 2 + topicLength;
                        echo[0] = (buffer[at] & 0xFF) << 8 | buffer[at + 1] & 0xFF;
                    }
                });
            }
            times[done % times.length] = System.nanoTime() - sent;
            done++;
            MqttEncoder.puback(acknowledgement, 0, echo[0]);
            connection.write(acknowledgement);
        }
        return Arrays.copyOf(times, Math.min(done, times.length));
    }

    private static void percentiles(Result result, String prefix, long[] nanos) {
        if (nanos.length == 0) {
            return;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        result.put(prefix + "_rtt_us_p50", sorted[sorted.length / 2] / 1_000.0)
                .put(prefix + "_rtt_us_p99", sorted[Math.min(sorted.length - 1, sorted.length * 99 / 100)] / 1_000.0);
    }

    /**
     * Heap in use after a full GC: for this JVM (a broker run in-process by the tests) from its memory bean,
     * for another process from {@code jcmd PID GC.run} and {@code GC.heap_info}; -1 when that is not possible.
     */
    /** KiB of heap in use from {@code jcmd GC.heap_info}, summed over generations; -1 when none is named. */
    static long heapUsedKib(String heapInfo) {
        Matcher used = HEAP_USED.matcher(heapInfo);
        long total = -1;
        while (used.find()) { // one line per generation with Serial and Parallel
            total = Math.max(total, 0) + Long.parseLong(used.group(1));
        }
        return total;
    }

    private static long heapAfterGcKib(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
        }
        Path jcmd = ProcessHandle.current().info().command().map(java -> Path.of(java).resolveSibling("jcmd"))
                .filter(Files::isExecutable).orElse(null);
        if (jcmd == null) {
            System.err.println("weft-bench: no jcmd next to this java; heap after GC not measured");
            return -1;
        }
        try {
            run(jcmd, pid, "GC.run");
            long used = heapUsedKib(run(jcmd, pid, "GC.heap_info"));
            if (used >= 0) {
                return used;
            }
            System.err.println("weft-bench: jcmd GC.heap_info printed no heap use; heap after GC not measured");
        } catch (IOException failure) {
            System.err.println("weft-bench: jcmd failed (" + failure.getMessage() + "); heap after GC not measured");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    private static String run(Path jcmd, long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + command + " did not succeed: " + output.strip());
        }
        return output;
    }

    private String floodTopic() {
        return "bench/" + run + "/flood";
    }

    private String bystanderTopic() {
        return "bench/" + run + "/bystander";
    }

    /** Owned by its own thread: writes QoS 0 PUBLISH packets, many per write, until stopped. */
    private final class Flood implements Runnable {

        private final BenchConnection connection;
        private final byte[] batch;
        private volatile boolean stopped;
        private volatile long sent;

        Flood(BenchConnection connection) {
            this.connection = connection;
            PublishFrame frame = MqttEncoder.publish(options.protocol(), floodTopic(), 0, new byte[options.payload()]);
            batch = new byte[frame.length() * FRAMES_PER_WRITE];
            for (int copy = 0; copy < FRAMES_PER_WRITE; copy++) {
                System.arraycopy(frame.bytes(), 0, batch, copy * frame.length(), frame.length());
            }
        }

        @Override
        public void run() {
            try {
                while (!stopped && !context.stopping()) {
                    connection.write(batch);
                    sent += FRAMES_PER_WRITE; // this thread is the only writer
                }
                connection.disconnect();
            } catch (IOException failure) {
                context.connectionFailed(connection.clientId(), failure);
            }
        }

        void stop() {
            stopped = true;
        }

        long sent() {
            return sent;
        }
    }
}
