package io.weft.perf.load;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owned by the thread that runs the scenario, plus a few opener threads. connections: opens idle MQTT
 * connections as fast as the broker accepts them, holds them, checks each still answers PINGREQ, closes them.
 */
final class ConnectionsScenario {

    private static final int OPENERS = 4;
    /** Connections opened and closed before the measured ones when --warmup is not 0. */
    private static final int WARMUP_CONNECTIONS = 5_000;
    /** Ephemeral ports per source address are about 28k (32768-60999): spread larger runs over 127.0.0.x. */
    private static final int PER_SOURCE_ADDRESS = 25_000;
    private static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int PING_TIMEOUT_MILLIS = 5_000;

    private final RunContext context;
    private final Options options;
    private final String run;

    ConnectionsScenario(RunContext context, String run) {
        this.context = context;
        this.options = context.options();
        this.run = run;
    }

    Result run(Result result) throws IOException, RunFailure {
        int count = options.connections();
        result.put("connections", count);
        if (!options.warmup().isZero()) {
            // A broker that has served before: its connect and read paths compiled. A JVM parks a fresh
            // connection's reader in interpreted frames (about twice the memory of compiled ones), and the
            // compiler's own memory would be counted as the connections' if it ran while they are measured.
            int warmup = Math.min(count, WARMUP_CONNECTIONS);
            BenchConnection[] warm = open(warmup, "w");
            for (BenchConnection connection : warm) {
                connection.disconnect();
            }
            context.waitUntil(System.nanoTime() + options.warmup().toNanos());
            result.put("warmup_connections", warmup);
        }
        Meter meter = new Meter(options.pid());
        meter.start();
        long start = System.nanoTime();
        BenchConnection[] connections = open(count, "c");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf("weft-bench: %d connections open after %.2f s; holding them%n", count, seconds);
        result.put("connect_s", seconds).put("connect_rate", count / seconds);
        context.waitUntil(System.nanoTime() + HOLD_NANOS);
        meter.stop();

        int alive = 0;
        for (BenchConnection connection : connections) {
            connection.socket().setSoTimeout(PING_TIMEOUT_MILLIS);
            try {
                connection.ping();
                alive++;
            } catch (IOException closed) {
                System.err.printf("weft-bench: %s did not answer PINGREQ: %s%n", connection.clientId(),
                        closed.getMessage());
            }
        }
        result.put("alive", alive);
        meter.report(result, count, "connection");
        if (meter.brokerStart() != null) {
            long grown = meter.brokerEnd().rssKib() - meter.brokerStart().rssKib();
            result.put("rss_per_connection_bytes", grown * 1024 / count);
        }
        for (BenchConnection connection : connections) {
            connection.disconnect();
        }
        if (alive < count) {
            throw new RunFailure(RunContext.EXIT_REFUSED, (count - alive) + " of " + count
                    + " idle connections were closed by the broker");
        }
        return result;
    }

    /** Opens {@code count} clean-session connections with a few opener threads. */
    private BenchConnection[] open(int count, String prefix) throws RunFailure {
        BenchConnection[] connections = new BenchConnection[count];
        AtomicInteger next = new AtomicInteger();
        List<Thread> openers = new ArrayList<>();
        for (int opener = 0; opener < OPENERS; opener++) {
            openers.add(Thread.ofPlatform().name("opener-" + opener).daemon().start(() -> {
                try {
                    for (int index; (index = next.getAndIncrement()) < count && !context.stopping(); ) {
                        connections[index] = BenchConnection.open(context, "bench-" + run + "-" + prefix + index,
                                SessionMode.CLEAN, source(index), false);
                    }
                } catch (IOException broken) {
                    context.connectionFailed("opener", broken);
                } catch (RunFailure refused) {
                    context.fail(refused);
                }
            }));
        }
        for (Thread opener : openers) {
            context.join(opener);
        }
        return connections;
    }

    private InetSocketAddress source(int index) {
        if (options.connections() <= PER_SOURCE_ADDRESS || !(options.address() instanceof Inet4Address)) {
            return null;
        }
        return new InetSocketAddress("127.0.0." + (1 + index / PER_SOURCE_ADDRESS), 0);
    }
}
