package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.Will;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payload Format Indicator 1 promises UTF-8 [MQTT-3.3.2-4]; Request Problem Information 0 keeps Reason
 * Strings off the acknowledgements that report it [MQTT-3.1.2-29].
 */
class PayloadFormatTest {

    private static final byte[] NOT_UTF8 = {(byte) 0xC3, 0x28};
    private static final MqttProperties UTF8 = MqttProperties.builder().put(PropertyId.PAYLOAD_FORMAT_INDICATOR, 1).build();

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-4] QoS 1 with a payload that is not UTF-8: PUBACK 0x99 with a Reason String, nothing delivered")
    void qos1IsRefusedInPubAck() {
        try (RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_5, "sub");
             RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "pub")) {
            Clients.subscribe(subscriber, 1, "pf", QoS.AT_LEAST_ONCE);
            client.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "pf", 5, UTF8, NOT_UTF8));
            PubAck ack = client.receive(PubAck.class);
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
            assertThat(ack.properties().string(PropertyId.REASON_STRING)).isNotEmpty();
            Clients.expectNothingQueued(client);
            Clients.expectNothingQueued(subscriber);
            assertThat(broker.broker().counters().refusedPayloadFormat.sum()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-4] QoS 2: PUBREC 0x99 ends the exchange")
    void qos2IsRefusedInPubRec() {
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "pub")) {
            client.send(new Publish(false, QoS.EXACTLY_ONCE, false, "pf", 6, UTF8, NOT_UTF8));
            assertThat(client.receive(PubRec.class).reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
            // The same packet id is free again: a valid message with it is received normally.
            client.send(new Publish(false, QoS.EXACTLY_ONCE, false, "pf", 6, UTF8, "ok".getBytes(StandardCharsets.UTF_8)));
            // 0x10 (no matching subscribers): accepted, not refused.
            assertThat(client.receive(PubRec.class).reasonCode()).isEqualTo(ReasonCode.NO_MATCHING_SUBSCRIBERS);
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-4] QoS 0 has no acknowledgement: DISCONNECT 0x99")
    void qos0IsDisconnected() {
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "pub")) {
            client.send(new Publish(false, QoS.AT_MOST_ONCE, false, "pf", 0, UTF8, NOT_UTF8));
            Disconnect disconnect = client.receive(Disconnect.class);
            assertThat(disconnect.reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
            assertThat(disconnect.properties().string(PropertyId.REASON_STRING)).as("reason string").isNotEmpty();
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("5.0 3.1.3.2.3: a will with Payload Format Indicator 1 and a payload that is not UTF-8: CONNACK 0x99")
    void willIsRefused() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.send(new Connect(ProtocolVersion.MQTT_5, "will", true, 0,
                    new Will("w", NOT_UTF8, QoS.AT_MOST_ONCE, false, UTF8), null, null, MqttProperties.EMPTY));
            assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-29] Request Problem Information 0: the PUBACK 0x99 comes without its Reason String")
    void noProblemInformationWhenNotRequested() {
        try (RawClient client = Clients.connected(broker, new Connect(ProtocolVersion.MQTT_5, "quiet", true, 0, null,
                null, null, MqttProperties.builder().put(PropertyId.REQUEST_PROBLEM_INFORMATION, 0).build()))) {
            client.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "pf", 5, UTF8, NOT_UTF8));
            PubAck ack = client.receive(PubAck.class);
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
            assertThat(ack.properties().contains(PropertyId.REASON_STRING)).isFalse();
            assertThat(ack.properties().contains(PropertyId.USER_PROPERTY)).isFalse();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-4] a valid UTF-8 payload with the indicator is delivered with it")
    void validUtf8IsDelivered() {
        try (RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_5, "sub");
             RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "pub")) {
            Clients.subscribe(subscriber, 1, "pf", QoS.AT_MOST_ONCE);
            client.send(new Publish(false, QoS.AT_MOST_ONCE, false, "pf", 0, UTF8, "žluťoučký".getBytes(StandardCharsets.UTF_8)));
            Publish received = subscriber.receive(Publish.class);
            assertThat(new String(received.payload(), StandardCharsets.UTF_8)).isEqualTo("žluťoučký");
            assertThat(received.properties().integer(PropertyId.PAYLOAD_FORMAT_INDICATOR)).isEqualTo(1);
        }
    }
}
