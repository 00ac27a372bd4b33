package io.weft.perf.jmh;

import io.weft.core.Broker;
import io.weft.core.BrokerSettings;
import io.weft.core.codec.PacketType;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Owned by the benchmark thread, which is also the subscriber; a second platform thread is the publisher.
 * Messages per second through the whole broker in one process: a raw-socket publisher sends {@value #BATCH}
 * 64-byte PUBLISH packets to {@link Broker} on 127.0.0.1, and a raw-socket subscriber receives all of them;
 * one operation is one such batch, published and fully received. At QoS 1 the publisher keeps at most
 * {@value #PUBLISH_WINDOW} messages unacknowledged and the subscriber acknowledges every delivery, so the
 * whole QoS 1 exchange on both sides is in the number. Client, broker and loopback TCP share the machine's
 * cores, as they would in a single-host deployment; the clients frame bytes but decode no records.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dchronicle.analytics.disable=true"})
public class PublishDeliverBenchmark {

    static final int BATCH = 1_000;
    static final int PUBLISH_WINDOW = 64;
    private static final int PAYLOAD_SIZE = 64;

    @Param({"0", "1"})
    public int qos;

    @Param({"MQTT_3_1_1", "MQTT_5"})
    public ProtocolVersion version;

    private Path dataDirectory;
    private Broker broker;
    private LoopbackClient publisher;
    private LoopbackClient subscriber;
    private ExecutorService publisherThread;
    private Callable<Void> publishBatch;
    /** The whole batch on the wire, and where each packet starts (one more entry for the end). */
    private byte[] batch;
    private int[] offsets;

    @Setup(Level.Trial)
    public void start() throws IOException {
        QoS level = QoS.of(qos);
        dataDirectory = Files.createTempDirectory("weft-bench");
        // BrokerSettings.defaults() on port 0: a 32-message inflight window, 10,000 queued, 16,384 ring slots.
        // A batch stays under the queue bound, so QoS 0 is never dropped as a slow consumer.
        broker = Broker.start(new BrokerSettings("127.0.0.1", 0, dataDirectory, 1024 * 1024, Duration.ofSeconds(10),
                32, 10_000, 16_384));
        int port = broker.localAddress().getPort();
        subscriber = LoopbackClient.connect(port, "bench-subscriber", version);
        subscriber.subscribe(SamplePackets.TOPIC, level, version);
        publisher = LoopbackClient.connect(port, "bench-publisher", version);

        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        offsets = new int[BATCH + 1];
        for (int i = 0; i < BATCH; i++) {
            offsets[i] = wire.size();
            wire.write(SamplePackets.encode(SamplePackets.publish(version, level, i % 65_535 + 1, PAYLOAD_SIZE),
                    version));
        }
        offsets[BATCH] = wire.size();
        batch = wire.toByteArray();
        publishBatch = level == QoS.AT_MOST_ONCE ? this::publishAtMostOnce : this::publishAtLeastOnce;
        publisherThread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("bench-publisher").daemon(true).factory());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int publishAndDeliver() throws IOException, InterruptedException, ExecutionException, TimeoutException {
        Future<Void> published = publisherThread.submit(publishBatch);
        int received = 0;
        while (received < BATCH) {
            if (!subscriber.hasBuffered()) {
                subscriber.flush(); // the acknowledgements go out before the read blocks
            }
            if (subscriber.next() == PacketType.PUBLISH) {
                received++;
                if (qos == 1) {
                    subscriber.writePubAck(subscriber.packetId());
                }
            }
        }
        subscriber.flush();
        published.get(10, TimeUnit.SECONDS);
        return received;
    }

    private Void publishAtMostOnce() throws IOException {
        publisher.write(batch);
        publisher.flush();
        return null;
    }

    /** Sends while fewer than {@value #PUBLISH_WINDOW} are unacknowledged, then waits for PUBACKs. */
    private Void publishAtLeastOnce() throws IOException {
        int sent = 0;
        int acknowledged = 0;
        while (acknowledged < BATCH) {
            int first = sent;
            while (sent < BATCH && sent - acknowledged < PUBLISH_WINDOW) {
                sent++;
            }
            if (sent > first) {
                publisher.write(batch, offsets[first], offsets[sent] - offsets[first]);
                publisher.flush();
            }
            do {
                if (publisher.next() == PacketType.PUBACK) {
                    acknowledged++;
                }
            } while (publisher.hasBuffered() && acknowledged < BATCH);
        }
        return null;
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        publisherThread.shutdownNow();
        try {
            publisher.close();
            subscriber.close();
        } finally {
            broker.close();
            try (var paths = Files.walk(dataDirectory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
