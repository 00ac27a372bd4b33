package io.weft.core.net;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubComp;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.PubRel;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A virtual thread that blocks while pinned to its carrier (a monitor on Java 21, a native frame) stalls
 * every connection sharing that carrier. JFR reports each such block as jdk.VirtualThreadPinned: a busy QoS 1
 * and QoS 2 exchange across several connections must produce none. On a Java 21 runtime this catches
 * monitors too; on 24+ monitors no longer pin, and {@code MonitorFreeTest} keeps them out of the source.
 */
class VirtualThreadPinningTest {

    private static final int PUBLISHERS = 8;
    private static final int MESSAGES = 200;

    @Test
    void noVirtualThreadIsPinnedWhileServingClients() throws Exception {
        // A first run initialises every class: threads that meet in a class initialiser wait pinned, once per
        // class and JVM, which says nothing about how connections block.
        exchangeMessages();
        Path dump = Files.createTempFile("weft-pinning", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            exchangeMessages();
            recording.stop();
            recording.dump(dump);
        }
        List<String> pinned = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(dump)) {
            if (isJdkPoller(event) || isClassInitialization(event)) {
                continue;
            }
            pinned.add(event.toString());
        }
        Files.delete(dump);
        assertThat(pinned).as("virtual threads pinned while blocking").isEmpty();
    }

    /** JDK 25's socket read poller is itself a virtual thread that blocks in epoll_wait: pinned by design. */
    private static boolean isJdkPoller(RecordedEvent event) {
        return event.getStackTrace() != null && event.getStackTrace().getFrames().stream()
                .anyMatch(frame -> frame.getMethod().getType().getName().equals("sun.nio.ch.Poller")
                        && frame.getMethod().getName().equals("subPollerLoop"));
    }

    /** Waiting for another thread to initialise a class: once per class and JVM (JDK 24+ names the reason). */
    private static boolean isClassInitialization(RecordedEvent event) {
        return event.hasField("pinnedReason") && String.valueOf(event.getString("pinnedReason"))
                .startsWith("Waited for initialization");
    }

    private static void exchangeMessages() throws Exception {
        try (TestBroker broker = TestBroker.start();
             RawClient subscriber = connect(broker, "subscriber")) {
            subscriber.send(new Subscribe(1, List.of(Subscription.of("pin/#", QoS.EXACTLY_ONCE)), MqttProperties.EMPTY));
            subscriber.receive(SubAck.class);
            ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
            List<Future<?>> done = new ArrayList<>();
            for (int index = 0; index < PUBLISHERS; index++) {
                int publisher = index;
                done.add(publishers.submit(() -> publish(broker, publisher)));
            }
            int received = 0;
            int released = 0;
            int exactlyOnce = PUBLISHERS * (MESSAGES / 2);
            while (received < PUBLISHERS * MESSAGES || released < exactlyOnce) {
                MqttPacket packet = subscriber.receive();
                if (packet instanceof Publish publish) {
                    received++;
                    subscriber.send(publish.qos() == QoS.AT_LEAST_ONCE
                            ? new PubAck(publish.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY)
                            : new PubRec(publish.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
                } else if (packet instanceof PubRel release) {
                    released++;
                    subscriber.send(new PubComp(release.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
                } else {
                    throw new AssertionError("unexpected " + packet);
                }
            }
            for (Future<?> future : done) {
                future.get();
            }
            publishers.shutdown();
        }
    }

    private static Void publish(TestBroker broker, int publisher) {
        try (RawClient client = connect(broker, "publisher-" + publisher)) {
            for (int message = 1; message <= MESSAGES; message++) {
                QoS qos = message % 2 == 0 ? QoS.AT_LEAST_ONCE : QoS.EXACTLY_ONCE;
                client.send(new Publish(false, qos, false, "pin/" + publisher, message, MqttProperties.EMPTY, new byte[64]));
                if (qos == QoS.AT_LEAST_ONCE) {
                    client.receive(PubAck.class);
                } else {
                    client.receive(PubRec.class);
                    client.send(new PubRel(message, ReasonCode.SUCCESS, MqttProperties.EMPTY));
                    client.receive(PubComp.class);
                }
            }
        }
        return null;
    }

    private static RawClient connect(TestBroker broker, String clientId) {
        RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_3_1_1);
        client.send(new Connect(ProtocolVersion.MQTT_3_1_1, clientId, true, 0, null, null, null, MqttProperties.EMPTY));
        assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        return client;
    }
}
