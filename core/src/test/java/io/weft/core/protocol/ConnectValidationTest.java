package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** What the broker does with a first packet that is not a valid CONNECT. */
class ConnectValidationTest {

    private static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @ParameterizedTest(name = "first packet {0}")
    @ValueSource(strings = {"c0 00", "30 05 00 01 61 68 69", "82 06 00 01 00 01 61 00"})
    @DisplayName("[MQTT-3.1.0-1] a first packet other than CONNECT closes the connection")
    void firstPacketNotConnectCloses(String packet) {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_3_1_1)) {
            client.sendHex(packet);
            assertThat(client.closedWithoutReply()).isTrue();
        }
        assertBrokerStillServes();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-1] an unknown protocol name closes without CONNACK")
    void unknownProtocolNameCloses() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_3_1_1)) {
            // "MQTX", level 4, clean session, keep alive 60, client id "c"
            client.sendHex("10 0d 00 04 4d 51 54 58 04 02 00 3c 00 01 63");
            assertThat(client.closedWithoutReply()).isTrue();
        }
        assertBrokerStillServes();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-2] protocol level 6 with name MQTT gets the 5.0 CONNACK 0x84, then close")
    void protocolLevel6GetsMqtt5ConnAck0x84() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.sendHex("10 0e 00 04 4d 51 54 54 06 02 00 3c 00 00 01 63");
            // CONNACK, remaining length 3, no session present, 0x84 Unsupported Protocol Version, no properties
            assertThat(HexFormat.of().formatHex(client.receiveBytes(5))).isEqualTo("2003008400");
            assertThat(client.closedWithoutReply()).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-2] protocol level 2 with name MQTT gets the 3.1.1 CONNACK return code 0x01, then close")
    void protocolLevel2GetsConnAckReturnCode1() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_3_1_1)) {
            client.sendHex("10 0d 00 04 4d 51 54 54 02 02 00 3c 00 01 63");
            assertThat(HexFormat.of().formatHex(client.receiveBytes(4))).isEqualTo("20020001");
            assertThat(client.closedWithoutReply()).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-3] 3.1.1 CONNECT with the reserved flag set closes without CONNACK")
    void reservedConnectFlagCloses311() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_3_1_1)) {
            client.sendHex("10 0d 00 04 4d 51 54 54 04 03 00 3c 00 01 63");
            assertThat(client.closedWithoutReply()).isTrue();
        }
        assertBrokerStillServes();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-3] 5.0 CONNECT with the reserved flag set: CONNACK 0x81 (malformed), then close")
    void reservedConnectFlagCloses5() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.sendHex("10 0e 00 04 4d 51 54 54 05 03 00 3c 00 00 01 63");
            // A 5.0 server may answer a bad CONNECT with a failure CONNACK before closing [MQTT-3.2.2-7].
            ConnAck refusal = client.receive(ConnAck.class);
            assertThat(refusal.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
            assertThat(refusal.sessionPresent()).isFalse();
            assertThat(client.closedByBroker()).isTrue();
        }
        assertBrokerStillServes();
    }

    private static void assertBrokerStillServes() {
        try (Bystander next = new Bystander(broker, ProtocolVersion.MQTT_3_1_1, "next")) {
            next.assertRoundTrip("still serving");
        }
    }
}
