package io.weft.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PacketReader;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.metrics.MemoryBudget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The on-demand writer: a thread only while packets are queued, every packet written once, in order. */
class PacketWriterTest {

    private static final int PRODUCERS = 8;
    /** Packet ids carry the producer (high bits) and its sequence number (low 13 bits, from 1). */
    private static final int SEQUENCE_BITS = 13;

    private final RecordingStream out = new RecordingStream();
    private final CompletableFuture<Throwable> ended = new CompletableFuture<>();
    private final PacketWriter writer = new PacketWriter(out, failure -> {
        if (!ended.complete(failure)) {
            throw new AssertionError("onEnd ran twice");
        }
    });

    @Test
    @DisplayName("many producers while the writer starts and stops: every packet written once, in order per producer")
    void concurrentProducersWithAWriterThatComesAndGoes() throws Exception {
        int rounds = 20;
        int perRound = 250;
        List<List<Integer>> sent = producerLists();
        for (int round = 0; round < rounds; round++) {
            int first = round * perRound + 1;
            runProducers(producer -> {
                for (int sequence = first; sequence < first + perRound; sequence++) {
                    assertThat(writer.enqueue(pubAck(producer, sequence))).isTrue();
                    sent.get(producer).add(sequence);
                    if (sequence % 7 == 0) {
                        Thread.yield(); // let the writer find the queue empty and end between packets
                    }
                }
            });
            assertThat(writer.awaitDrained(10_000)).isTrue();
        }
        assertThat(written()).isEqualTo(sent);
        // Between rounds the queue was drained, so the writer ended and a new one started each round.
        assertThat(out.writerThreads()).hasSizeGreaterThanOrEqualTo(rounds);
        assertThat(ended).isNotDone();
    }

    @Test
    @DisplayName("closeAfterFlush while producers enqueue: what was accepted is written once, in order, then onEnd")
    void closeWhileProducersEnqueue() throws Exception {
        List<List<Integer>> accepted = producerLists();
        AtomicInteger total = new AtomicInteger();
        CountDownLatch closed = new CountDownLatch(1);
        Thread closer = Thread.ofVirtual().start(() -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> total.get() >= 5_000);
            writer.closeAfterFlush();
            closed.countDown();
        });
        runProducers(producer -> {
            for (int sequence = 1; sequence < 1 << SEQUENCE_BITS; sequence++) {
                if (!writer.enqueue(pubAck(producer, sequence))) {
                    // Once refused, always refused: nothing after the close slips through.
                    assertThat(writer.enqueue(pubAck(producer, sequence + 1))).isFalse();
                    return;
                }
                accepted.get(producer).add(sequence);
                total.incrementAndGet();
                if (sequence % 5 == 0) {
                    Thread.yield();
                }
            }
        });
        assertThat(closer.join(Duration.ofSeconds(10))).isTrue();
        assertThat(closed.getCount()).isZero();
        assertThat(ended.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(written()).isEqualTo(accepted);
        assertThat(writer.awaitDrained(0)).isTrue();
    }

    @Test
    @DisplayName("an idle writer keeps no thread; closing it with nothing queued ends it at once")
    void idleWriterHasNoThread() throws Exception {
        assertThat(writer.enqueue(pubAck(0, 1))).isTrue();
        assertThat(writer.awaitDrained(10_000)).isTrue();
        Thread writerThread = out.writerThreads().iterator().next();
        await().atMost(Duration.ofSeconds(10)).until(() -> !writerThread.isAlive());
        assertThat(ended).isNotDone();
        writer.closeAfterFlush();
        assertThat(ended.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(writer.enqueue(pubAck(0, 2))).isFalse();
        assertThat(written().getFirst()).containsExactly(1);
    }

    @Test
    @DisplayName("a failed write ends the writer: onEnd gets the failure, later packets are refused")
    void failedWriteEndsTheWriter() throws Exception {
        out.failing = true;
        assertThat(writer.enqueue(pubAck(0, 1))).isTrue();
        assertThat(ended.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class).hasMessage("broken pipe");
        assertThat(writer.enqueue(pubAck(0, 2))).isFalse();
        assertThat(writer.awaitDrained(0)).isTrue();
        assertThat(writer.backlog()).isZero();
    }

    @Test
    @DisplayName("awaitDrained is bounded while a write blocks; closeAfterFlush waits for the blocked batch")
    void awaitDrainedWhileAWriteBlocks() throws Exception {
        out.gate = new CountDownLatch(1);
        assertThat(writer.enqueue(pubAck(0, 1))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> out.blocked);
        assertThat(writer.enqueue(pubAck(0, 2))).isTrue();
        assertThat(writer.backlog()).isEqualTo(1);
        assertThat(writer.awaitDrained(20)).isFalse();
        writer.closeAfterFlush();
        assertThat(ended).isNotDone();
        out.gate.countDown();
        assertThat(ended.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(written().getFirst()).containsExactly(1, 2);
    }

    @Test
    @DisplayName("dropping the oldest QoS 0 PUBLISH skips acknowledgements and QoS 1 packets; the byte counts and the "
            + "memory budget follow every QoS 0 payload until the writer takes it")
    void dropOldestAtMostOnceKeepsEverythingElse() throws Exception {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        PacketWriter gated = new PacketWriter(out, ended::complete, budget);
        out.gate = new CountDownLatch(1);
        assertThat(gated.enqueue(publish(QoS.AT_MOST_ONCE, 0, "a"))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> out.blocked);
        assertThat(gated.dropOldestAtMostOnce()).as("nothing queued: the blocked batch is taken").isFalse();
        gated.enqueue(pubAck(0, 1));
        gated.enqueue(publish(QoS.AT_LEAST_ONCE, 7, "q1"));
        gated.enqueue(publish(QoS.AT_MOST_ONCE, 0, "b"));
        gated.enqueue(publish(QoS.AT_MOST_ONCE, 0, "cc"));
        assertThat(gated.backlog()).isEqualTo(4);
        assertThat(gated.backlogBytes()).as("payload bytes of the queued PUBLISH packets").isEqualTo(5);
        assertThat(budget.usedBytes()).as("QoS 0 payloads only: QoS 1 copies are their session's").isEqualTo(3);

        assertThat(gated.dropOldestAtMostOnce()).isTrue();
        assertThat(gated.backlog()).isEqualTo(3);
        assertThat(gated.backlogBytes()).isEqualTo(4);
        assertThat(budget.usedBytes()).isEqualTo(2);

        out.gate.countDown();
        assertThat(gated.awaitDrained(10_000)).isTrue();
        assertThat(budget.usedBytes()).isZero();
        assertThat(gated.backlogBytes()).isZero();
        PacketReader reader = new PacketReader(new ByteArrayInputStream(out.bytes()), 1 << 20);
        List<String> seen = new ArrayList<>();
        MqttPacket packet;
        while ((packet = reader.read(ProtocolVersion.MQTT_3_1_1)) != null) {
            seen.add(packet instanceof Publish publish
                    ? new String(publish.payload(), StandardCharsets.UTF_8) : packet.type().name());
        }
        assertThat(seen).containsExactly("a", "PUBACK", "q1", "cc");
    }

    private static Publish publish(QoS qos, int packetId, String text) {
        return new Publish(false, qos, false, "t", packetId, MqttProperties.EMPTY,
                text.getBytes(StandardCharsets.UTF_8));
    }

    private interface Producer {
        void run(int producer) throws Exception;
    }

    /** Runs the producers at once, half on platform threads, half on virtual threads; fails on their failures. */
    private static void runProducers(Producer body) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int producer = 0; producer < PRODUCERS; producer++) {
            int index = producer;
            Thread.Builder builder = producer % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(builder.start(() -> {
                try {
                    start.await();
                    body.run(index);
                } catch (Throwable failure) {
                    synchronized (failures) {
                        failures.add(failure);
                    }
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            assertThat(thread.join(Duration.ofSeconds(30))).isTrue();
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("a producer failed");
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    private static List<List<Integer>> producerLists() {
        List<List<Integer>> lists = new ArrayList<>();
        for (int producer = 0; producer < PRODUCERS; producer++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private static PubAck pubAck(int producer, int sequence) {
        return new PubAck(producer << SEQUENCE_BITS | sequence, ReasonCode.SUCCESS, MqttProperties.EMPTY);
    }

    /** Decodes everything written, as one list of sequence numbers per producer, in the order written. */
    private List<List<Integer>> written() throws Exception {
        List<List<Integer>> lists = producerLists();
        PacketReader reader = new PacketReader(new ByteArrayInputStream(out.bytes()), 1 << 20);
        MqttPacket packet;
        while ((packet = reader.read(ProtocolVersion.MQTT_3_1_1)) != null) {
            int id = ((PubAck) packet).packetId();
            lists.get(id >>> SEQUENCE_BITS).add(id & ((1 << SEQUENCE_BITS) - 1));
        }
        return lists;
    }

    /** Records the bytes and which threads wrote them; can fail or block its writes on demand. */
    private static final class RecordingStream extends OutputStream {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        private volatile boolean failing;
        private volatile CountDownLatch gate;
        private volatile boolean blocked;

        @Override
        public void write(int value) throws IOException {
            write(new byte[] {(byte) value}, 0, 1);
        }

        @Override
        public void write(byte[] source, int offset, int length) throws IOException {
            threads.add(Thread.currentThread());
            if (failing) {
                throw new IOException("broken pipe");
            }
            CountDownLatch waitFor = gate;
            if (waitFor != null) {
                blocked = true;
                try {
                    if (!waitFor.await(10, TimeUnit.SECONDS)) {
                        throw new IOException("test gate never opened");
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", interrupted);
                }
                gate = null;
            }
            bytes.write(source, offset, length);
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        Set<Thread> writerThreads() {
            return threads;
        }
    }
}
