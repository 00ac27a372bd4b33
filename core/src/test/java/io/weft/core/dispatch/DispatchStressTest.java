package io.weft.core.dispatch;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.PingReq;
import io.weft.core.codec.MqttPacket.PingResp;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttPacket.UnsubAck;
import io.weft.core.codec.MqttPacket.Unsubscribe;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many publishers, overlapping wildcard subscribers and subscribe/unsubscribe churn through the dispatch
 * ring at once: every stable subscriber gets every message exactly once, in order per publisher
 * [MQTT-4.6.0-6], one copy per session despite overlapping filters [MQTT-3.3.4-2].
 */
class DispatchStressTest {

    private static final int PUBLISHERS = 16;
    private static final int MESSAGES = 500;
    private static final int SUBSCRIBERS = 4;
    private static final int CHURNERS = 4;
    private static final long DEADLINE_SECONDS = 20;

    /** Held strongly: java.util.logging keeps loggers only weakly. */
    private final Logger weftLogger = Logger.getLogger("io.weft");
    private final List<LogRecord> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger records = new java.util.concurrent.atomic.AtomicInteger();
    private final Handler problemCollector = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.incrementAndGet();
            if (record.getLevel().intValue() >= Level.WARNING.intValue() || record.getThrown() != null) {
                problems.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void collectProblems() {
        weftLogger.addHandler(problemCollector);
    }

    @AfterEach
    void stopCollecting() {
        weftLogger.removeHandler(problemCollector);
    }

    @Test
    void everyStableSubscriberGetsEveryMessageOnceInOrderWhileOthersChurn() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        try (TestBroker broker = TestBroker.start();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch subscribed = new CountDownLatch(SUBSCRIBERS + CHURNERS);
            AtomicBoolean publishing = new AtomicBoolean(true);
            List<Future<?>> subscribers = new ArrayList<>();
            for (int index = 0; index < SUBSCRIBERS; index++) {
                ProtocolVersion version = index % 2 == 0 ? ProtocolVersion.MQTT_3_1_1 : ProtocolVersion.MQTT_5;
                String clientId = "stable-" + index;
                subscribers.add(threads.submit(() -> stableSubscriber(broker, version, clientId, subscribed)));
            }
            List<Future<Integer>> churners = new ArrayList<>();
            for (int index = 0; index < CHURNERS; index++) {
                ProtocolVersion version = index % 2 == 0 ? ProtocolVersion.MQTT_5 : ProtocolVersion.MQTT_3_1_1;
                String clientId = "churn-" + index;
                churners.add(threads.submit(() -> churner(broker, version, clientId, subscribed, publishing)));
            }
            try {
                assertThat(subscribed.await(5, TimeUnit.SECONDS)).as("all subscribers subscribed").isTrue();
                runPublishers(broker, threads, subscribers, deadline);
            } finally {
                publishing.set(false); // the churners stop even when a check above failed
            }
            int cycles = 0;
            for (Future<Integer> churner : churners) {
                cycles += churner.get(remaining(deadline), TimeUnit.NANOSECONDS);
            }
            System.out.println("subscribe/unsubscribe cycles during the run: " + cycles);
            assertThat(cycles).as("subscribe/unsubscribe cycles while publishing").isGreaterThan(0);
            assertThat(records.get()).as("the broker log is captured (it says where it listens)").isPositive();
            assertThat(broker.broker().counters().droppedQueueFull.sum()).isZero();
            assertThat(broker.broker().counters().protocolErrors.sum()).isZero();
            assertThat(problems).as("warnings or exceptions in the broker log")
                    .extracting(record -> record.getLoggerName() + ": " + record.getMessage())
                    .isEmpty();
        }
    }

    /** Starts the publishers, then waits for them and for the stable subscribers to have everything. */
    private static void runPublishers(TestBroker broker, ExecutorService threads, List<Future<?>> subscribers,
                                      long deadline) throws Exception {
        List<Future<?>> publishers = new ArrayList<>();
        for (int index = 0; index < PUBLISHERS; index++) {
            int publisher = index;
            publishers.add(threads.submit(() -> publisher(broker, publisher)));
        }
        for (Future<?> publisher : publishers) {
            publisher.get(remaining(deadline), TimeUnit.NANOSECONDS);
        }
        for (Future<?> subscriber : subscribers) {
            subscriber.get(remaining(deadline), TimeUnit.NANOSECONDS);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    /** Publishes MESSAGES QoS 1 messages to stress/<n> without waiting, then checks the PUBACKs in order. */
    private static Void publisher(TestBroker broker, int publisher) {
        try (RawClient client = connect(broker, ProtocolVersion.MQTT_3_1_1, "publisher-" + publisher)) {
            for (int sequence = 0; sequence < MESSAGES; sequence++) {
                byte[] payload = (publisher + ":" + sequence).getBytes(StandardCharsets.UTF_8);
                client.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "stress/" + publisher, sequence + 1,
                        MqttProperties.EMPTY, payload));
            }
            for (int sequence = 0; sequence < MESSAGES; sequence++) {
                assertThat(client.receive(PubAck.class).packetId()).isEqualTo(sequence + 1);
            }
        }
        return null;
    }

    /** Subscribes stress/# and the overlapping stress/+ in one packet, then expects every message once, in order. */
    private static Void stableSubscriber(TestBroker broker, ProtocolVersion version, String clientId,
                                         CountDownLatch subscribed) {
        try (RawClient client = connect(broker, version, clientId)) {
            client.send(new Subscribe(1, List.of(Subscription.of("stress/#", QoS.AT_LEAST_ONCE),
                    Subscription.of("stress/+", QoS.AT_LEAST_ONCE)), MqttProperties.EMPTY));
            assertThat(client.receive(SubAck.class).reasonCodes())
                    .containsExactly(ReasonCode.GRANTED_QOS_1, ReasonCode.GRANTED_QOS_1);
            subscribed.countDown();
            int[] next = new int[PUBLISHERS];
            for (int received = 0; received < PUBLISHERS * MESSAGES; received++) {
                Publish publish = client.receive(Publish.class);
                int[] origin = parse(publish);
                assertThat(origin[1]).as("%s: sequence from publisher %d", clientId, origin[0])
                        .isEqualTo(next[origin[0]]);
                next[origin[0]]++;
                client.send(new PubAck(publish.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            }
            int[] all = new int[PUBLISHERS];
            Arrays.fill(all, MESSAGES);
            assertThat(next).isEqualTo(all);
            // Every publisher has been acknowledged, so any further copy would already be queued before PINGRESP.
            client.send(new PingReq());
            assertThat(client.receive()).as("%s: nothing after the last message", clientId).isInstanceOf(PingResp.class);
        }
        return null;
    }

    /**
     * Subscribes and unsubscribes in a loop while publishers run, acknowledging whatever arrives; what it
     * does get must still be in order per publisher. Returns the number of cycles.
     */
    private static int churner(TestBroker broker, ProtocolVersion version, String clientId, CountDownLatch subscribed,
                               AtomicBoolean publishing) {
        int[] last = new int[PUBLISHERS];
        Arrays.fill(last, -1);
        int cycles = 0;
        try (RawClient client = connect(broker, version, clientId)) {
            subscribed.countDown();
            int packetId = 1;
            while (publishing.get()) {
                String filter = cycles % 2 == 0 ? "stress/#" : "stress/+";
                int subscribeId = packetId++;
                client.send(new Subscribe(subscribeId, List.of(Subscription.of(filter, QoS.AT_LEAST_ONCE)),
                        MqttProperties.EMPTY));
                SubAck subAck = (SubAck) awaitAcknowledgement(client, SubAck.class, last);
                assertThat(subAck.packetId()).isEqualTo(subscribeId);
                int unsubscribeId = packetId++;
                client.send(new Unsubscribe(unsubscribeId, List.of(filter), MqttProperties.EMPTY));
                UnsubAck unsubAck = (UnsubAck) awaitAcknowledgement(client, UnsubAck.class, last);
                assertThat(unsubAck.packetId()).isEqualTo(unsubscribeId);
                packetId = packetId > 60_000 ? 1 : packetId;
                cycles++;
            }
        }
        return cycles;
    }

    /** Reads until the expected acknowledgement, acking and order-checking any PUBLISH on the way. */
    private static MqttPacket awaitAcknowledgement(RawClient client, Class<? extends MqttPacket> type, int[] last) {
        while (true) {
            MqttPacket packet = client.receive();
            if (type.isInstance(packet)) {
                return packet;
            }
            if (!(packet instanceof Publish publish)) {
                throw new AssertionError("churner got an unexpected " + packet);
            }
            int[] origin = parse(publish);
            assertThat(origin[1]).as("churner: sequence from publisher %d", origin[0]).isGreaterThan(last[origin[0]]);
            last[origin[0]] = origin[1];
            client.send(new PubAck(publish.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
        }
    }

    private static int[] parse(Publish publish) {
        String[] parts = new String(publish.payload(), StandardCharsets.UTF_8).split(":");
        int publisher = Integer.parseInt(parts[0]);
        assertThat(publish.topic()).isEqualTo("stress/" + publisher);
        return new int[] {publisher, Integer.parseInt(parts[1])};
    }

    private static RawClient connect(TestBroker broker, ProtocolVersion version, String clientId) {
        RawClient client = new RawClient(broker.port(), version);
        client.send(new Connect(version, clientId, true, 0, null, null, null, MqttProperties.EMPTY));
        assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        return client;
    }
}
