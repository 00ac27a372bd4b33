package io.weft.perf.jmh;

import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.dispatch.DispatchRing;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.net.Connection;
import io.weft.core.net.PacketHandler.CloseCause;
import io.weft.core.session.Message;
import io.weft.core.session.Session;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.Stores;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Owned by the JMH threads (shared state, set up and torn down by one of them). Measures how many QoS 0
 * PUBLISH commands per second many producers push through the {@link DispatchRing} (Disruptor, persist
 * stage, route stage with topic match and session hand-off), the path every message takes between a
 * publisher's reader thread and the subscribers' writers. With {@code subscribers=none} nothing matches;
 * with {@code one}, one session subscribed to the topic hands each message to a real {@link Connection}
 * whose socket writes into a counting sink, so routing, {@code Session.offer} and the writer's encoding run
 * but no system call does. The ring's backpressure makes producers wait for the route stage, so in steady
 * state the score is the route rate. Each iteration prints how many deliveries were written and how many
 * the broker dropped as a slow consumer (QoS 0 beyond the write backlog), since drops are cheaper than
 * deliveries.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dchronicle.analytics.disable=true"})
public class DispatchRingBenchmark {

    /** As in {@code BrokerSettings.defaults()}. */
    private static final int RING_SIZE = 16_384;
    private static final int INFLIGHT_WINDOW = 32;
    private static final int MAXIMUM_QUEUED_MESSAGES = 10_000;
    static final int VIRTUAL_PRODUCERS = 32;
    static final int MESSAGES_PER_PRODUCER = 512;

    public enum Subscribers {
        NONE,
        ONE
    }

    @Param({"NONE", "ONE"})
    public Subscribers subscribers;

    private final BrokerCounters counters = new BrokerCounters();
    private final CountingSink sink = new CountingSink();
    private DispatchRing ring;
    private Session publisher;
    private Connection subscriberConnection;
    private Message message;
    private int wireSize;
    private Runnable producer;

    @Setup(Level.Trial)
    public void start() throws IOException {
        ring = new DispatchRing(RING_SIZE, Stores.inMemory());
        publisher = new Session("publisher", 0, INFLIGHT_WINDOW, MAXIMUM_QUEUED_MESSAGES, counters);
        if (subscribers == Subscribers.ONE) {
            Session subscriber = new Session("subscriber", 0, INFLIGHT_WINDOW, MAXIMUM_QUEUED_MESSAGES, counters);
            subscriberConnection = new Connection(new SinkSocket(sink), 1024 * 1024);
            subscriber.attach(subscriberConnection, ProtocolVersion.MQTT_3_1_1, 65_535, Long.MAX_VALUE);
            SubscriptionOptions options = new SubscriptionOptions(QoS.AT_MOST_ONCE, false, false,
                    RetainHandling.SEND_ON_SUBSCRIBE, 0);
            ring.restore(List.of(), Map.of(subscriber, Map.of(SamplePackets.TOPIC, options)));
        }
        var publish = SamplePackets.publish(ProtocolVersion.MQTT_3_1_1, QoS.AT_MOST_ONCE, 0, 64);
        wireSize = SamplePackets.encode(publish, ProtocolVersion.MQTT_3_1_1).length;
        message = new Message(publish.topic(), publish.payload(), QoS.AT_MOST_ONCE, false, MqttProperties.EMPTY,
                "publisher");
        producer = () -> {
            for (int i = 0; i < MESSAGES_PER_PRODUCER; i++) {
                publishOne();
            }
        };
        ring.start();
    }

    /** Four platform producers, as many connections' readers would be on a small machine. */
    @Benchmark
    @Threads(4)
    public void publish() {
        publishOne();
    }

    /** The broker's shape: readers are virtual threads, here {@value #VIRTUAL_PRODUCERS} per batch. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(VIRTUAL_PRODUCERS * MESSAGES_PER_PRODUCER)
    public void publishFromVirtualThreads() throws InterruptedException {
        Thread[] threads = new Thread[VIRTUAL_PRODUCERS];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = Thread.ofVirtual().start(producer);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private void publishOne() {
        ring.publish(message, publisher, null, ProtocolVersion.MQTT_3_1_1, 0);
    }

    @TearDown(Level.Iteration)
    public void report() {
        if (subscribers == Subscribers.ONE) {
            System.out.printf("  [queued to the writer %,d, written %,d, dropped as slow consumer %,d]%n",
                    counters.messagesSent.sumThenReset(), sink.bytes.sumThenReset() / wireSize,
                    counters.droppedSlowConsumer.sumThenReset());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        ring.close();
        if (subscriberConnection != null) {
            subscriberConnection.close(CloseCause.SERVER_CLOSED);
        }
    }

    /** Thread-safe (any writer thread): counts what the connection writes and throws it away. */
    static final class CountingSink extends OutputStream {
        final LongAdder bytes = new LongAdder();

        @Override
        public void write(int value) {
            bytes.increment();
        }

        @Override
        public void write(byte[] source, int offset, int length) {
            bytes.add(length);
        }
    }

    /** An unconnected socket whose output is the sink: all {@link Connection} needs to send. */
    static final class SinkSocket extends Socket {
        private final OutputStream out;

        SinkSocket(OutputStream out) {
            this.out = out;
        }

        @Override
        public OutputStream getOutputStream() {
            return out;
        }
    }
}
