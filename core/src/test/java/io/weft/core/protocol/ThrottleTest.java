package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PacketEncoder;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.codec.WriteBuffer;
import io.weft.core.testing.Limits;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * limits.publish-rate and limits.bandwidth: the reader of a client beyond them parks (TCP backpressure slows
 * the client), nothing is lost; a client held back without a break for limits.throttle-tolerance is
 * disconnected with 0x96 Message rate too high (5.0) or closed (3.x). The bounds are checked against the
 * broker's own count of time spent parked, never against the test's clock.
 */
class ThrottleTest {

    private static final Duration PATIENT = Duration.ofSeconds(60);

    private TestBroker broker;
    private Bystander bystander;

    @AfterEach
    void stop() {
        if (bystander != null) {
            bystander.close();
        }
        broker.close();
    }

    private double throttledSeconds() {
        return broker.broker().counters().throttledNanos.sum() / (double) TimeUnit.SECONDS.toNanos(1);
    }

    private static Publish publish(String topic, int size) {
        return new Publish(false, QoS.AT_MOST_ONCE, false, topic, 0, MqttProperties.EMPTY, new byte[size]);
    }

    /** {@code count} copies of {@code packet} back to back, sent in one write so they arrive without gaps. */
    private static byte[] repeated(Publish packet, ProtocolVersion version, int count) {
        WriteBuffer buffer = new WriteBuffer();
        for (int copy = 0; copy < count; copy++) {
            PacketEncoder.encode(packet, version, buffer);
        }
        return Arrays.copyOf(buffer.array(), buffer.size());
    }

    @Test
    @DisplayName("publish rate 20/s: 60 PUBLISH sent at once all arrive; the reader parked for at least the 40 beyond the burst")
    void publishRateParksTheReader() {
        broker = TestBroker.start(TestBroker.settings().with(Limits.throughput(20, 0, PATIENT)));
        try (RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_5, "subscriber");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "publisher")) {
            Clients.subscribe(subscriber, 1, "rate", QoS.AT_MOST_ONCE);
            publisher.sendBytes(repeated(publish("rate", 10), ProtocolVersion.MQTT_5, 60)); // one write: no gaps
            for (int message = 0; message < 60; message++) {
                assertThat(subscriber.receive(Publish.class).topic()).isEqualTo("rate");
            }
            // 40 messages beyond the one-second burst at 20/s are 2 s of debt; a little of it is paid while handling.
            assertThat(throttledSeconds()).isGreaterThanOrEqualTo((60 - 20 - 5) / 20.0);
            Clients.expectNothingQueued(publisher);
            assertThat(broker.broker().counters().disconnectedMessageRate.sum()).isZero();
        }
    }

    @Test
    @DisplayName("bandwidth 10,000 B/s: 30 PUBLISH of 1 KB (3.1.1) all arrive; the reader parked for the bytes beyond the burst")
    void bandwidthParksTheReader() {
        broker = TestBroker.start(TestBroker.settings().with(Limits.throughput(0, 10_000, PATIENT)));
        try (RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "subscriber");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "publisher")) {
            Clients.subscribe(subscriber, 1, "bytes", QoS.AT_MOST_ONCE);
            publisher.sendBytes(repeated(publish("bytes", 1_000), ProtocolVersion.MQTT_3_1_1, 30)); // one write: no gaps
            for (int message = 0; message < 30; message++) {
                assertThat(subscriber.receive(Publish.class).payload()).hasSize(1_000);
            }
            // Over 30,000 bytes, 10,000 of them in the burst: 2 s of debt, less a little paid while handling.
            assertThat(throttledSeconds()).isGreaterThanOrEqualTo((30_000 - 10_000 - 2_500) / 10_000.0);
            Clients.expectNothingQueued(publisher);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("a flood held back for the whole tolerance (500 ms at 10/s) gets DISCONNECT 0x96 (5.0) or a close (3.x); others are served")
    void floodBeyondToleranceIsDisconnected(ProtocolVersion version) {
        broker = TestBroker.start(TestBroker.settings().with(Limits.throughput(10, 0, Duration.ofMillis(500))));
        bystander = new Bystander(broker, version, "bystander");
        try (RawClient flooder = Clients.connected(broker, version, "flooder")) {
            for (int message = 0; message < 100; message++) {
                flooder.send(publish("flood", 10));
            }
            if (version.isMqtt5()) {
                assertThat(flooder.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.MESSAGE_RATE_TOO_HIGH);
                assertThat(flooder.closedByBroker()).isTrue();
            } else {
                assertThat(flooder.closedWithoutReply()).isTrue();
            }
        }
        assertThat(broker.broker().counters().disconnectedMessageRate.sum()).isEqualTo(1);
        bystander.assertRoundTrip("after the flood");
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] a client parked longer than 1.5 x its keep alive is held back, not silent: it stays connected")
    void parkedClientIsNotClosedByKeepAlive() {
        broker = TestBroker.start(TestBroker.settings().with(Limits.throughput(0, 1_000, PATIENT)));
        try (RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_5, "subscriber");
             RawClient publisher = Clients.connected(broker, new Connect(ProtocolVersion.MQTT_5, "publisher", true, 1,
                     null, null, null, MqttProperties.EMPTY))) {
            Clients.subscribe(subscriber, 1, "big", QoS.AT_MOST_ONCE);
            // 3,500 bytes at 1,000 B/s: about 2.5 s parked, longer than the 1.5 s a keep alive of 1 s allows.
            publisher.send(publish("big", 3_500));
            assertThat(subscriber.receive(Publish.class).payload()).hasSize(3_500);
            assertThat(throttledSeconds()).isGreaterThan(1.5);
            Clients.expectNothingQueued(publisher);
        }
    }
}
