package io.weft.perf.load;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Owned by the thread that runs the scenario; each connection gets a thread of its own. fan-in, fan-out,
 * shared and latency: publishers and subscribers on one run's topics, a warmup, a measured interval, then a
 * bounded wait for messages still in flight and the count of missing and duplicate ones.
 */
final class PubSubScenario {

    /** No new delivery for this long after the publishers stopped: whatever is missing stays missing. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RunContext context;
    private final Options options;
    private final String run;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final List<Thread> subscriberThreads = new ArrayList<>();
    private final List<Thread> publisherThreads = new ArrayList<>();
    private final List<LongSupplier> publisherCounts = new ArrayList<>();
    private FlowGate[] gates;

    PubSubScenario(RunContext context, String run) {
        this.context = context;
        this.options = context.options();
        this.run = run;
    }

    Result run(Result result) throws IOException, RunFailure {
        Scenario scenario = options.scenario();
        int publishers = options.publishers();
        result.put("qos", options.qos()).put("publishers", publishers).put("subscribers", options.subscribers())
                .put("payload", options.payload()).put("window", options.window());
        if (options.subscriberSession() == SessionMode.PERSISTENT) {
            result.put("subscriber_session", "persistent");
        }
        if (scenario == Scenario.LATENCY) {
            result.put("target_rate", options.rate());
        }
        result.put("warmup_s", options.seconds(options.warmup())).put("duration_s", options.seconds(options.duration()));
        FlowGate.Rule rule = scenario == Scenario.SHARED ? FlowGate.Rule.ANY : FlowGate.Rule.EVERY;
        gates = new FlowGate[publishers];
        for (int index = 0; index < publishers; index++) {
            gates[index] = new FlowGate(options.window(), options.qos(), rule, options.subscribers());
        }
        connectSubscribers(scenario);
        List<BenchConnection> connections = new ArrayList<>();
        for (int index = 0; index < publishers; index++) {
            connections.add(BenchConnection.open(context, "bench-" + run + "-p" + index, SessionMode.CLEAN));
        }
        for (Subscriber subscriber : subscribers) {
            subscriberThreads.add(options.threads().start("subscriber-" + subscriberThreads.size(), subscriber));
        }
        long start = System.nanoTime();
        long measureFrom = start + options.warmup().toNanos();
        long measureUntil = measureFrom + options.duration().toNanos();
        subscribers.forEach(subscriber -> subscriber.measure(measureFrom, measureUntil));
        for (int index = 0; index < publishers; index++) {
            startPublisher(index, connections.get(index), topic(scenario, index), start);
        }
        System.err.printf("weft-bench: %s run %s: %d publishers, %d subscribers, warming up%n",
                scenario.label(), run, publishers, options.subscribers());

        Meter meter = new Meter(options.pid());
        progressUntil(start, measureFrom);
        long sentBefore = sent();
        long deliveredBefore = delivered();
        meter.start();
        progressUntil(start, measureUntil);
        meter.stop();
        long sentDuring = sent() - sentBefore;
        long deliveredDuring = delivered() - deliveredBefore;

        context.stop();
        for (FlowGate gate : gates) {
            gate.wake();
        }
        publisherThreads.forEach(LockSupport::unpark); // a scheduled publisher may sleep until its next message
        for (Thread thread : publisherThreads) {
            context.join(thread);
        }
        drain(rule);
        subscribers.forEach(Subscriber::stop);
        for (Thread thread : subscriberThreads) {
            context.join(thread);
        }
        context.check();
        discardSessions();

        result.put("sent", sentDuring).put("delivered", deliveredDuring)
                .put("rate", deliveredDuring / options.seconds(options.duration()));
        count(result, rule);
        meter.report(result, deliveredDuring, "msg");
        latency(result);
        return result;
    }

    /** Waits until {@code end}, printing the counts to stderr once a second. */
    private void progressUntil(long start, long end) throws RunFailure {
        long next = start + PROGRESS_NANOS * ((System.nanoTime() - start) / PROGRESS_NANOS + 1);
        while (next < end) {
            context.waitUntil(next);
            System.err.printf("weft-bench: %3d s  sent %,d  delivered %,d%n", (next - start) / PROGRESS_NANOS,
                    sent(), delivered());
            next += PROGRESS_NANOS;
        }
        context.waitUntil(end);
    }

    private void connectSubscribers(Scenario scenario) throws IOException, RunFailure {
        String filter = switch (scenario) {
            case FAN_OUT -> "bench/" + run + "/all";
            case SHARED -> "$share/bench/bench/" + run + "/+";
            default -> "bench/" + run + "/+";
        };
        // Reading eagerly matters where acknowledgements pace the broker (QoS 1) and where latency is the result.
        long coalesce = options.qos() == 0 && scenario != Scenario.LATENCY ? Subscriber.COALESCE_NANOS : 0;
        for (int index = 0; index < options.subscribers(); index++) {
            BenchConnection connection = BenchConnection.open(context, subscriberId(index),
                    options.subscriberSession());
            int code = connection.subscribe(filter, options.qos());
            if (code >= 0x80) { // 3.1.1 failure 0x80 [MQTT-3.9.3-2]; 5.0 reason codes of 0x80 and above
                throw new RunFailure(RunContext.EXIT_REFUSED, (scenario == Scenario.SHARED
                        ? "shared subscriptions refused" : "subscription to " + filter + " refused")
                        + " (SUBACK 0x" + BenchConnection.hex(code) + ")");
            }
            if (code < options.qos()) {
                System.err.printf("weft-bench: %s granted QoS %d, not %d%n", filter, code, options.qos());
            }
            subscribers.add(new Subscriber(context, connection, options.publishers(), gates, index, coalesce));
        }
    }

    /** Persistent subscribers left their sessions behind: a clean session discards each [MQTT-3.1.2-6]. */
    private void discardSessions() throws IOException, RunFailure {
        if (options.subscriberSession() == SessionMode.PERSISTENT) {
            for (int index = 0; index < options.subscribers(); index++) {
                BenchConnection.open(context, subscriberId(index), SessionMode.CLEAN).disconnect();
            }
        }
    }

    private String subscriberId(int index) {
        return "bench-" + run + "-s" + index;
    }

    private void startPublisher(int index, BenchConnection connection, String topic, long start) {
        String name = "publisher-" + index;
        if (options.scenario() == Scenario.LATENCY) {
            ScheduledPublisher publisher = new ScheduledPublisher(context, connection, index, topic, gates[index],
                    start);
            publisherCounts.add(publisher::sent);
            publisherThreads.add(options.threads().start(name, publisher));
        } else {
            Publisher publisher = new Publisher(context, connection, index, topic, gates[index], Long.MAX_VALUE);
            publisherCounts.add(publisher::sent);
            publisherThreads.add(options.threads().start(name, publisher));
        }
    }

    private String topic(Scenario scenario, int index) {
        return scenario == Scenario.FAN_OUT ? "bench/" + run + "/all" : "bench/" + run + "/" + index;
    }

    /** Waits until every message sent has arrived, or until deliveries have stopped for a while. */
    private void drain(FlowGate.Rule rule) throws RunFailure {
        long total = sent();
        long expected = rule == FlowGate.Rule.EVERY ? total * subscribers.size() : total;
        long last = delivered();
        long lastChange = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            long delivered = delivered();
            boolean complete = rule == FlowGate.Rule.EVERY
                    ? subscribers.stream().allMatch(subscriber -> subscriber.received() >= total)
                    : delivered >= expected;
            if (complete) {
                return;
            }
            if (delivered != last) {
                last = delivered;
                lastChange = now;
            } else if (now - lastChange > QUIET_NANOS) {
                System.err.printf("weft-bench: %d of %d deliveries arrived; no more for %d s%n", delivered,
                        expected, TimeUnit.NANOSECONDS.toSeconds(QUIET_NANOS));
                return;
            }
            context.waitUntil(now + POLL_NANOS);
        }
    }

    /** Missing, duplicate and reordered messages over the whole run (warmup and drain included). */
    private void count(Result result, FlowGate.Rule rule) {
        long sentTotal = 0;
        long missing = 0;
        long duplicates = 0;
        long unflagged = 0;
        long reordered = 0;
        long foreign = 0;
        long stalls = 0;
        for (Subscriber subscriber : subscribers) {
            DeliveryLedger ledger = subscriber.ledger();
            duplicates += ledger.duplicates();
            unflagged += ledger.unflaggedDuplicates();
            reordered += ledger.reordered();
            foreign += ledger.foreign();
        }
        for (int publisher = 0; publisher < gates.length; publisher++) {
            long sent = publisherCounts.get(publisher).getAsLong();
            sentTotal += sent;
            stalls += gates[publisher].stalls();
            if (rule == FlowGate.Rule.EVERY) {
                for (Subscriber subscriber : subscribers) {
                    missing += sent - subscriber.ledger().seen(publisher).cardinality();
                }
            } else { // the group must have each message once: copies beyond the first are duplicates
                BitSet union = new BitSet();
                BitSet unflaggedUnion = new BitSet();
                for (Subscriber subscriber : subscribers) {
                    BitSet seen = subscriber.ledger().seen(publisher);
                    BitSet fresh = subscriber.ledger().unflagged(publisher);
                    duplicates += seen.cardinality();
                    unflagged += fresh.cardinality();
                    union.or(seen);
                    unflaggedUnion.or(fresh);
                }
                duplicates -= union.cardinality();
                unflagged -= unflaggedUnion.cardinality();
                missing += sent - union.cardinality();
            }
        }
        result.put("sent_total", sentTotal).put("missing", missing).put("duplicates", duplicates)
                .put("reordered", reordered);
        if (unflagged > 0) {
            result.put("duplicates_without_dup_flag", unflagged);
        }
        if (foreign > 0) {
            result.put("foreign", foreign);
        }
        if (stalls > 0) {
            result.put("flow_stalls", stalls);
        }
        if (options.qos() > 0 && missing > 0 || unflagged > 0) {
            result.exitStatus(RunContext.EXIT_MISSING_OR_DUPLICATED);
        }
    }

    private void latency(Result result) {
        Histogram total = new Histogram(3);
        subscribers.forEach(subscriber -> total.add(subscriber.latency()));
        if (total.getTotalCount() == 0) {
            return;
        }
        result.put("latency_samples", total.getTotalCount())
                .put("p50_us", total.getValueAtPercentile(50)).put("p90_us", total.getValueAtPercentile(90))
                .put("p99_us", total.getValueAtPercentile(99)).put("p999_us", total.getValueAtPercentile(99.9))
                .put("max_us", total.getMaxValue());
    }

    private long sent() {
        long total = 0;
        for (FlowGate gate : gates) {
            total += gate.sent();
        }
        return total;
    }

    private long delivered() {
        long total = 0;
        for (Subscriber subscriber : subscribers) {
            total += subscriber.received();
        }
        return total;
    }
}
