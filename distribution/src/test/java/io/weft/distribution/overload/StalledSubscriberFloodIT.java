package io.weft.distribution.overload;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.weft.distribution.WeftProcess;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged broker with a 128 MiB heap takes a QoS 0 flood of several times its heap towards a subscriber
 * that never reads: it must neither run out of memory nor stop serving a bystander, whose QoS 1 round trips are
 * measured before and during the flood. The latency bound is deliberately loose (a 2-core CI machine runs the
 * flood, the broker and the bystander); PERFORMANCE.md has the measured figures.
 */
@Tag("process")
class StalledSubscriberFloodIT {

    private static final int PAYLOAD_BYTES = 4096;
    private static final long FLOOD_MILLIS = 8_000;
    private static final int PROBES = 40;

    @TempDir
    Path directory;

    @Test
    @DisplayName("a QoS 0 flood towards a stalled subscriber keeps a 128 MiB heap alive and a bystander served")
    void floodTowardsStalledSubscriber() throws Exception {
        try (WeftProcess broker = WeftProcess.start(directory, Map.of("WEFT_JAVA_OPTS", "-Xmx128m"),
                "--port", "0", "--data-dir", directory.resolve("data").toString(), "--sys.interval", "500ms")) {
            int port = broker.awaitReady();
            try (Socket stalled = stalledSubscriber(port)) {
                Mqtt5BlockingClient bystander = Mqtt5Client.builder().identifier("bystander")
                        .serverHost("127.0.0.1").serverPort(port).buildBlocking();
                bystander.connect();
                try (Mqtt5Publishes replies = bystander.publishes(MqttGlobalPublishFilter.ALL)) {
                    bystander.subscribeWith().topicFilter("probe/bystander").qos(MqttQos.AT_LEAST_ONCE).send();
                    long unloaded = medianRoundTripNanos(bystander, replies);

                    AtomicBoolean flooding = new AtomicBoolean(true);
                    AtomicLong floodedBytes = new AtomicLong();
                    Thread flood = Thread.ofPlatform().name("flood").start(() -> flood(port, flooding, floodedBytes));
                    long loaded;
                    try {
                        loaded = medianRoundTripNanos(bystander, replies);
                        long floodEnds = System.currentTimeMillis() + FLOOD_MILLIS;
                        while (System.currentTimeMillis() < floodEnds && flood.isAlive()) {
                            flood.join(Math.max(1, floodEnds - System.currentTimeMillis()));
                        }
                    } finally {
                        flooding.set(false);
                        flood.join(TimeUnit.SECONDS.toMillis(30));
                    }
                    long afterFlood = medianRoundTripNanos(bystander, replies);
                    long dropped = droppedSlowConsumer(bystander, replies);
                    System.out.printf("flood: %d MiB sent, %d messages dropped for the stalled subscriber; bystander "
                                    + "QoS 1 round trip median unloaded %.2f ms, during the flood %.2f ms, after %.2f ms%n",
                            floodedBytes.get() >> 20, dropped, unloaded / 1e6, loaded / 1e6, afterFlood / 1e6);
                    assertThat(dropped).as("what the stalled subscriber could not take is counted").isPositive();
                    assertThat(floodedBytes.get()).as("the flood is several times the heap").isGreaterThan(256L << 20);
                    assertThat(loaded).as("bystander latency during the flood, within a loose factor of unloaded")
                            .isLessThan(Math.max(50 * unloaded, TimeUnit.MILLISECONDS.toNanos(250)));
                }
                bystander.disconnect();
            }
            assertThat(broker.process().isAlive()).as("the broker survived the flood").isTrue();
            assertThat(broker.stderr()).doesNotContain("OutOfMemoryError");
        }
    }

    /**
     * The first positive $SYS count of dropped messages (slow consumer or memory budget, whichever the broker
     * counted the stalled subscriber's overflow as), once it is published (retained).
     */
    private static long droppedSlowConsumer(Mqtt5BlockingClient client, Mqtt5Publishes replies) throws Exception {
        String prefix = "$SYS/broker/messages/dropped/";
        client.subscribeWith().topicFilter(prefix + "+").qos(MqttQos.AT_MOST_ONCE).send();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<Mqtt5Publish> value = replies.receive(Math.max(1, deadline - System.currentTimeMillis()),
                    TimeUnit.MILLISECONDS);
            if (value.isPresent() && value.get().getTopic().toString().startsWith(prefix)) {
                long count = Long.parseLong(new String(value.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
                if (count > 0) {
                    return count;
                }
            }
        }
        return 0;
    }

    /** Connects (3.1.1), subscribes to flood/# at QoS 0, and never reads again; a small receive buffer. */
    private static Socket stalledSubscriber(int port) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(connect("stalled"));
        byte[] filter = "flood/#".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream subscribe = new ByteArrayOutputStream();
        subscribe.write(new byte[] {(byte) 0x82, (byte) (2 + 2 + filter.length + 1), 0, 1, 0, (byte) filter.length});
        subscribe.write(filter);
        subscribe.write(0);
        out.write(subscribe.toByteArray());
        out.flush();
        return socket;
    }

    /** QoS 0 PUBLISH packets to flood/stalled as fast as the socket takes them, until told to stop. */
    private static void flood(int port, AtomicBoolean flooding, AtomicLong sent) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(connect("flooder"));
            byte[] topic = "flood/stalled".getBytes(StandardCharsets.US_ASCII);
            int remaining = 2 + topic.length + PAYLOAD_BYTES;
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            packet.write(0x30);
            packet.write((remaining & 0x7F) | 0x80);
            packet.write(remaining >> 7);
            packet.write(0);
            packet.write(topic.length);
            packet.write(topic);
            byte[] payload = new byte[PAYLOAD_BYTES];
            Arrays.fill(payload, (byte) 'x');
            packet.write(payload);
            byte[] one = packet.toByteArray();
            byte[] batch = new byte[one.length * 16];
            for (int i = 0; i < 16; i++) {
                System.arraycopy(one, 0, batch, i * one.length, one.length);
            }
            while (flooding.get()) {
                out.write(batch);
                sent.addAndGet(batch.length);
            }
        } catch (Exception failure) {
            throw new IllegalStateException("the flood connection failed", failure);
        }
    }

    private static byte[] connect(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        packet.write(10 + 2 + id.length);
        packet.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, (byte) id.length});
        packet.writeBytes(id);
        return packet.toByteArray();
    }

    /** Median of QoS 1 publish-to-receive round trips through the broker; each must arrive within 10 s. */
    private static long medianRoundTripNanos(Mqtt5BlockingClient client, Mqtt5Publishes replies) throws Exception {
        long[] samples = new long[PROBES];
        for (int probe = 0; probe < PROBES; probe++) {
            long started = System.nanoTime();
            client.publishWith().topic("probe/bystander").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Long.toString(started).getBytes(StandardCharsets.US_ASCII)).send();
            Optional<Mqtt5Publish> reply = replies.receive(10, TimeUnit.SECONDS);
            assertThat(reply).as("probe " + probe + " came back").isPresent();
            assertThat(new String(reply.orElseThrow().getPayloadAsBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo(Long.toString(started));
            samples[probe] = System.nanoTime() - started;
        }
        Arrays.sort(samples);
        return samples[PROBES / 2];
    }
}
