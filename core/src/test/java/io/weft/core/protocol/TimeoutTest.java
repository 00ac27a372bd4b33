package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.PingReq;
import io.weft.core.codec.MqttPacket.PingResp;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The connect timeout (1 s here) and the keep alive: silent connections are closed, pinging ones are not. */
class TimeoutTest {

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start(TestBroker.settings().withConnectTimeout(Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    @DisplayName("a socket that sends nothing is closed after the connect timeout")
    void silentSocketIsClosedAfterConnectTimeout() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_3_1_1)) {
            await().atMost(Duration.ofSeconds(3)).until(() -> broker.broker().connectionCount() == 1);
            assertThat(client.closedByBrokerWithin(Duration.ofSeconds(4))).isTrue();
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> broker.broker().connectionCount() == 0);
    }

    @Test
    @DisplayName("a CONNECT that stops half way is closed after the connect timeout")
    void halfConnectIsClosedAfterConnectTimeout() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_3_1_1)) {
            client.sendHex("10 0d 00 04 4d 51");
            assertThat(client.closedByBrokerWithin(Duration.ofSeconds(4))).isTrue();
        }
    }

    @Test
    @DisplayName("a CONNECT trickled one byte every 300 ms is closed after the connect timeout (no slowloris)")
    void trickledConnectIsClosedAfterConnectTimeout() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_3_1_1)) {
            // A whole 3.1.1 CONNECT is 14 bytes here: trickled, it would take 4.2 s; each byte resets a read timeout.
            String[] bytes = "10 0c 00 04 4d 51 54 54 04 02 00 00 00 00".split(" ");
            AtomicInteger next = new AtomicInteger();
            scheduler.scheduleAtFixedRate(() -> {
                int index = next.getAndIncrement();
                if (index < bytes.length) {
                    try {
                        client.sendHex(bytes[index]);
                    } catch (java.io.UncheckedIOException closed) {
                        next.set(bytes.length); // the broker closed the socket: stop trickling
                    }
                }
            }, 0, 300, TimeUnit.MILLISECONDS);
            assertThat(client.closedByBrokerWithin(Duration.ofSeconds(3))).isTrue();
            assertThat(next.get()).as("bytes sent before the close").isLessThan(bytes.length);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("[MQTT-3.1.2-24] keep alive 1 s and silence: closed after about 1.5 s")
    void silentClientIsClosedAfterOneAndAHalfKeepAlive(ProtocolVersion version) {
        try (RawClient client = Clients.connected(broker, keepAlive(version, "silent", 1))) {
            assertThat(client.closedByBrokerWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.12.4-1] [MQTT-3.1.2-24] PINGREQ every 500 ms for 3 s keeps a keep alive 1 s connection open")
    void pingsWithinTheIntervalKeepTheConnectionOpen() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (RawClient client = Clients.connected(broker, keepAlive(ProtocolVersion.MQTT_3_1_1, "pinger", 1))) {
            AtomicInteger sent = new AtomicInteger();
            // The scheduler only writes; the test thread reads every PINGRESP (RawClient reads are single-threaded).
            ScheduledFuture<?> pings = scheduler.scheduleAtFixedRate(() -> {
                client.send(new PingReq());
                sent.incrementAndGet();
            }, 500, 500, TimeUnit.MILLISECONDS);
            for (int answered = 1; answered <= 6; answered++) {
                client.receive(PingResp.class); // [MQTT-3.12.4-1]
                int expected = answered;
                await().atMost(Duration.ofSeconds(2)).until(() -> sent.get() >= expected);
            }
            pings.cancel(false);
            await().atMost(Duration.ofSeconds(2)).until(pings::isDone);
            // Three seconds of pings, twice the 1.5 s limit: the connection is still open and answering.
            assertThat(sent.get()).isGreaterThanOrEqualTo(6);
            for (int late = sent.get() - 6; late > 0; late--) {
                client.receive(PingResp.class);
            }
            Clients.expectNothingQueued(client);
            assertThat(broker.broker().connectionCount()).isEqualTo(1);
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static Connect keepAlive(ProtocolVersion version, String clientId, int seconds) {
        return new Connect(version, clientId, true, seconds, null, null, null, MqttProperties.EMPTY);
    }
}
