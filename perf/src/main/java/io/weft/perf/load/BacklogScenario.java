package io.weft.perf.load;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Owned by the thread that runs the scenario; the draining subscriber gets a thread of its own. backlog: a
 * persistent session subscribes at QoS 1 and goes away; one publisher sends {@code --messages} QoS 1 messages
 * (windowed, every PUBACK awaited); then the session comes back and drains them. {@code --phase fill} and
 * {@code --phase drain} do the two halves in separate runs (the same {@code --run}), a broker restart between.
 */
final class BacklogScenario {

    /** Nothing new for this long while draining: whatever is missing stays missing. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final RunContext context;
    private final Options options;
    private final String run;

    BacklogScenario(RunContext context, String run) {
        this.context = context;
        this.options = context.options();
        this.run = run;
    }

    Result run(Result result) throws IOException, RunFailure {
        Phase phase = options.phase();
        result.put("phase", phase.label()).put("run", run).put("qos", options.qos())
                .put("messages", options.messages()).put("payload", options.payload())
                .put("window", options.window());
        if (phase.fills()) {
            fill(result);
        }
        if (phase.drains()) {
            drain(result);
        }
        return result;
    }

    /** Subscribes the persistent session, leaves, and publishes the backlog; returns once every PUBACK is in. */
    private void fill(Result result) throws IOException, RunFailure {
        int messages = options.messages();
        BenchConnection away = BenchConnection.open(context, clientId(), SessionMode.PERSISTENT);
        int code = away.subscribe(topic(), options.qos());
        if (code >= 0x80) {
            throw new RunFailure(RunContext.EXIT_REFUSED, "subscription to " + topic() + " refused (SUBACK 0x"
                    + BenchConnection.hex(code) + ")");
        }
        away.disconnect(); // a normal DISCONNECT keeps the session (clean session 0 / session expiry 3600)

        long publishStart = System.nanoTime();
        // Publisher 0, sequence numbers 0 to messages - 1: a drain in another run expects exactly these.
        BenchConnection publishing = BenchConnection.open(context, "bench-" + run + "-p0", SessionMode.CLEAN);
        Publisher publisher = new Publisher(context, publishing, 0, topic(),
                new FlowGate(options.window(), options.qos(), FlowGate.Rule.EVERY, 0), messages);
        publisher.run(); // on this thread: returns once every PUBACK is in
        context.check();
        double publishSeconds = (System.nanoTime() - publishStart) / 1e9;
        result.put("publish_s", publishSeconds).put("publish_rate", messages / publishSeconds);
        System.err.printf("weft-bench: backlog of %d messages published in %.2f s%s%n", messages, publishSeconds,
                options.phase().drains() ? "; draining" : "");
    }

    /** Reconnects the persistent session, drains the backlog, counts it, and discards the session. */
    private void drain(Result result) throws IOException, RunFailure {
        int messages = options.messages();
        Meter meter = new Meter(options.pid());
        meter.start();
        long drainStart = System.nanoTime();
        BenchConnection back = BenchConnection.open(context, clientId(), SessionMode.PERSISTENT);
        Subscriber subscriber = new Subscriber(context, back, 1, null, 0, 0); // QoS 1: reads eagerly
        Thread thread = options.threads().start("backlog-subscriber", subscriber);
        long lastChange = drainStart;
        long last = 0;
        while (subscriber.received() < messages) {
            long now = System.nanoTime();
            if (subscriber.received() != last) {
                last = subscriber.received();
                lastChange = now;
            } else if (now - lastChange > QUIET_NANOS) {
                System.err.printf("weft-bench: %d of %d messages drained; no more for %d s%n", last, messages,
                        TimeUnit.NANOSECONDS.toSeconds(QUIET_NANOS));
                break;
            }
            context.waitUntil(now + POLL_NANOS);
        }
        subscriber.stop();
        context.join(thread);
        meter.stop();
        context.check();

        DeliveryLedger ledger = subscriber.ledger();
        long delivered = ledger.seen(0).cardinality();
        double drainSeconds = Math.max(0, subscriber.lastArrival() - drainStart) / 1e9;
        result.put("session_present", back.sessionPresent()).put("delivered", delivered)
                .put("drain_s", drainSeconds);
        if (drainSeconds > 0) {
            result.put("rate", delivered / drainSeconds);
        }
        long missing = messages - delivered;
        result.put("missing", missing).put("duplicates", ledger.duplicates()).put("reordered", ledger.reordered());
        if (ledger.unflaggedDuplicates() > 0) {
            result.put("duplicates_without_dup_flag", ledger.unflaggedDuplicates());
        }
        if (ledger.foreign() > 0) {
            result.put("foreign", ledger.foreign()); // not publisher 0 of the generator
        }
        meter.report(result, delivered, "msg");
        if (missing > 0 || ledger.unflaggedDuplicates() > 0) {
            result.exitStatus(RunContext.EXIT_MISSING_OR_DUPLICATED);
        }
        // Leave nothing behind: a clean session discards the stored one [MQTT-3.1.2-6] (5.0: [MQTT-3.1.2-4]).
        BenchConnection.open(context, clientId(), SessionMode.CLEAN).disconnect();
    }

    private String topic() {
        return "bench/" + run + "/backlog";
    }

    private String clientId() {
        return "bench-" + run + "-backlog";
    }
}
