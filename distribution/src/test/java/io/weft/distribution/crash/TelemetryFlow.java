package io.weft.distribution.crash;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * One publisher and one persistent subscriber on one topic, through broker restarts: the publisher's thread
 * numbers its messages and records the ones the broker acknowledged; the client library's thread records
 * what arrived. Thread-safe: the queues and counters are concurrent; {@link #stop()} joins the publisher.
 */
abstract class TelemetryFlow implements AutoCloseable {

    final String name;
    private final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> received = new ConcurrentLinkedQueue<>();
    private final AtomicLong lastAcknowledged = new AtomicLong();
    private volatile boolean running;
    private Thread publisher;

    TelemetryFlow(String name) {
        this.name = name;
    }

    /** Connects both clients (persistent sessions, automatic reconnect) and subscribes. */
    abstract void connect(int port) throws Exception;

    /** Publishes one message; true once the broker acknowledged it (PUBACK, or PUBREC/PUBCOMP for QoS 2). */
    abstract boolean publish(long sequence) throws Exception;

    static byte[] payload(long sequence) {
        return ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
    }

    static long sequenceOf(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong();
    }

    /** Whether the publishing client is connected now. */
    abstract boolean publisherConnected();

    /** Until the publisher's client reconnected (or the flow stops); the broker restarts meanwhile. */
    void awaitConnected() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> !running || publisherConnected());
    }

    /** Called by the client library for every message that arrives. */
    void arrived(byte[] payload) {
        received.add(sequenceOf(payload));
    }

    void start() {
        running = true;
        publisher = Thread.ofPlatform().name(name + "-publisher").start(() -> {
            long sequence = 0;
            while (running) {
                sequence++;
                try {
                    if (publish(sequence)) {
                        acknowledged.add(sequence);
                        lastAcknowledged.set(sequence);
                    }
                } catch (Exception notAcknowledged) {
                    // The broker went away mid-publish: this one may or may not arrive; it is not counted.
                    awaitConnected();
                }
            }
        });
    }

    void stop() throws InterruptedException {
        running = false;
        if (publisher != null) {
            publisher.join();
        }
    }

    long lastAcknowledged() {
        return lastAcknowledged.get();
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Acknowledged messages that never arrived. */
    List<Long> missing() {
        Set<Long> arrived = Set.copyOf(received);
        return acknowledged.stream().filter(sequence -> !arrived.contains(sequence)).toList();
    }

    /** Messages that arrived more than once, with their counts. */
    Map<Long, Integer> duplicates() {
        Map<Long, Integer> counts = new TreeMap<>();
        received.forEach(sequence -> counts.merge(sequence, 1, Integer::sum));
        counts.values().removeIf(count -> count == 1);
        return counts;
    }

    /** Places where a message arrived for the first time after a later one had (order per publisher). */
    List<String> reordered() {
        List<String> problems = new ArrayList<>();
        Set<Long> seen = new java.util.HashSet<>();
        long highest = 0;
        for (long sequence : received) {
            if (seen.add(sequence)) {
                if (sequence < highest) {
                    problems.add(sequence + " after " + highest);
                }
                highest = Math.max(highest, sequence);
            }
        }
        return problems;
    }
}
