package io.weft.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weft.core.codec.MqttPacket.Connect;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a refused CONNECT tells the protocol layer which CONNACK to answer with, and 3.1 leniencies. */
class ConnectDecodingTest {

    @ParameterizedTest(name = "protocol {0} level {1} -> reply as {2}")
    @CsvSource({"4D515454, 06, MQTT_5", "4D515454, 03, MQTT_3_1_1", "4D515454, 00, MQTT_3_1_1",
        "4D5149736470, 04, MQTT_3_1_1"})
    @DisplayName("[MQTT-3.1.2-2] an unsupported level is refused with 0x84 in the 5.0 format or 0x01 in 3.x")
    void unsupportedLevel(String name, String level, ProtocolVersion reply) {
        int nameLength = name.length() / 2;
        String hex = String.format("10 %02X 00 %02X %s %s 02 00 00 00 00", nameLength + 8, nameLength, name, level);
        MalformedPacketException exception = reject(hex);
        assertThat(exception.reasonCode()).isEqualTo(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
        assertThat(exception.replyVersion()).isEqualTo(reply);
        assertThat(exception.getMessage()).startsWith("Unsupported protocol level " + Integer.parseInt(level, 16));
    }

    @Test
    @DisplayName("[MQTT-3.1.2-1] an unknown protocol name closes without CONNACK")
    void unknownName() {
        MalformedPacketException exception = reject("10 0C 00 04 4D 51 54 58 05 02 00 00 00 00");
        assertThat(exception.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(exception.replyVersion()).isNull();
    }

    @Test
    @DisplayName("a bad 5.0 CONNECT may be answered with a CONNACK carrying the reason code; a bad 3.1.1 one closes")
    void replyVersionForBadConnect() {
        // [MQTT-3.1.2-3] reserved flag set, 5.0 then 3.1.1
        assertThat(reject("10 0D 00 04 4D 51 54 54 05 03 00 00 00 00 00").replyVersion())
                .isEqualTo(ProtocolVersion.MQTT_5);
        assertThat(reject("10 0C 00 04 4D 51 54 54 04 03 00 00 00 00").replyVersion()).isNull();
    }

    @Test
    @DisplayName("3.1: client ids longer than 23 characters are accepted, as mosquitto does")
    void longClientIdIn31() throws Exception {
        String clientId = "a-client-identifier-of-forty-characters!";
        WriteBuffer out = new WriteBuffer();
        Connect connect = new Connect(ProtocolVersion.MQTT_3_1, clientId, true, 0, null, null, null,
                MqttProperties.EMPTY);
        PacketEncoder.encode(connect, null, out);
        assertThat(PacketDecoder.decode(out.array()[0], out.array(), 2, out.size() - 2, null)).isEqualTo(connect);
    }

    @Test
    @DisplayName("3.1: a user name flag without a user name at the end of CONNECT reads as no user name")
    void missingUserNameIn31() throws Exception {
        byte[] body = WireFixture.hex("""
                00 06 4D 51 49 73 64 70 // "MQIsdp"
                03                      // level 3
                C2                      // user name, password, clean session
                00 3C                   // keep alive 60
                00 02 63 31             // client id "c1", then nothing
                """);
        MqttPacket packet = PacketDecoder.decode(0x10, body, 0, body.length, null);
        assertThat(packet).isEqualTo(new Connect(ProtocolVersion.MQTT_3_1, "c1", true, 60, null, null, null,
                MqttProperties.EMPTY));
    }

    private static MalformedPacketException reject(String hex) {
        byte[] bytes = WireFixture.hex(hex);
        MalformedPacketException exception = catchThrowableOfType(MalformedPacketException.class,
                () -> PacketDecoder.decode(bytes[0] & 0xFF, bytes, 2, bytes.length - 2, null));
        assertThat(exception).isNotNull();
        return exception;
    }
}
