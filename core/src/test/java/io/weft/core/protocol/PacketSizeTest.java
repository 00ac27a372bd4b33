package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.Publish;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker's maximum packet size (1 KiB here) is enforced from the fixed header, before the body is read. */
class PacketSizeTest {

    private static final int MAXIMUM = 1024;

    private TestBroker broker;
    private Bystander bystander;

    @BeforeEach
    void start() {
        broker = TestBroker.start(TestBroker.settings().withMaximumPacketSize(MAXIMUM));
    }

    @AfterEach
    void stop() {
        if (bystander != null) {
            bystander.close();
        }
        broker.close();
    }

    @Test
    @DisplayName("5.0 CONNACK announces the Maximum Packet Size (5.0 3.2.2.3.6)")
    void connAckAnnouncesMaximumPacketSize() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.send(new Connect(ProtocolVersion.MQTT_5, "c", true, 0, null, null, null, MqttProperties.EMPTY));
            ConnAck ack = client.receive(ConnAck.class);
            assertThat(ack.properties().fourByteInteger(PropertyId.MAXIMUM_PACKET_SIZE)).isEqualTo((long) MAXIMUM);
        }
    }

    @Test
    @DisplayName("5.0 3.2.2.3.6: a 2 KiB PUBLISH over a 1 KiB maximum gets DISCONNECT 0x95, then close")
    void oversizedPublishFromMqtt5GetsDisconnect0x95() {
        bystander = new Bystander(broker, ProtocolVersion.MQTT_5, "bystander");
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "big")) {
            client.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "big", 1, MqttProperties.EMPTY, new byte[2048]));
            assertThat(client.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE);
            assertThat(client.closedByBroker()).isTrue();
        }
        bystander.assertRoundTrip("after the oversized packet");
    }

    @Test
    @DisplayName("3.1.1: a 2 KiB PUBLISH over a 1 KiB maximum closes the connection")
    void oversizedPublishFromMqtt311Closes() {
        bystander = new Bystander(broker, ProtocolVersion.MQTT_3_1_1, "bystander");
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "big")) {
            client.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "big", 1, MqttProperties.EMPTY, new byte[2048]));
            assertThat(client.closedWithoutReply()).isTrue();
        }
        bystander.assertRoundTrip("after the oversized packet");
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("a fixed header declaring 200 MB is refused at once, without waiting for the body")
    void headerDeclaring200MegabytesIsRefusedAtOnce(ProtocolVersion version) {
        bystander = new Bystander(broker, version, "bystander");
        try (RawClient client = Clients.connected(broker, version, "huge")) {
            // Only the fixed header is sent: if the broker waited for 200 MB it would never answer.
            client.sendBytes(fixedHeader(0x30, 200 * 1024 * 1024));
            if (version.isMqtt5()) {
                assertThat(client.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE);
                assertThat(client.closedByBrokerWithin(Duration.ofSeconds(3))).isTrue();
            } else {
                assertThat(client.closedWithoutReply()).isTrue();
            }
        }
        bystander.assertRoundTrip("after the huge header");
    }

    @Test
    @DisplayName("a CONNECT declaring 200 MB is refused at once, before any body byte")
    void connectHeaderDeclaring200MegabytesIsRefused() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_3_1_1)) {
            client.sendBytes(fixedHeader(0x10, 200 * 1024 * 1024));
            assertThat(client.closedByBrokerWithin(Duration.ofSeconds(3))).isTrue();
        }
    }

    /** A fixed header byte followed by the Variable Byte Integer remaining length. */
    private static byte[] fixedHeader(int firstByte, int remainingLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int value = remainingLength;
        do {
            int digit = value % 128;
            value /= 128;
            out.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return out.toByteArray();
    }
}
