package io.weft.perf.load;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator's own encoder against fixtures written by hand from the packet layouts in the MQTT 3.1.1
 * and 5.0 specifications (never against weft-core's encoder: the instrument must not share its bugs).
 */
class MqttEncoderTest {

    static Stream<Arguments> packets() {
        return Stream.of(
                Arguments.of("CONNECT 3.1.1, clean session, keep alive 0, client id 'bench'",
                        MqttEncoder.connect(Protocol.MQTT_3_1_1, "bench", SessionMode.CLEAN, 0),
                        "10 11"                    // CONNECT, remaining length 17
                                + " 00 04 4D 51 54 54"  // protocol name "MQTT"
                                + " 04"                 // protocol level 4 (3.1.1)
                                + " 02"                 // connect flags: clean session [MQTT-3.1.2-6]
                                + " 00 00"              // keep alive 0: off
                                + " 00 05 62 65 6E 63 68"), // client identifier "bench"
                Arguments.of("CONNECT 3.1.1, persistent session, keep alive 60",
                        MqttEncoder.connect(Protocol.MQTT_3_1_1, "bench", SessionMode.PERSISTENT, 60),
                        "10 11 00 04 4D 51 54 54 04"
                                + " 00"                 // connect flags: clean session 0
                                + " 00 3C"              // keep alive 60
                                + " 00 05 62 65 6E 63 68"),
                Arguments.of("CONNECT 5.0, clean start, no properties",
                        MqttEncoder.connect(Protocol.MQTT_5, "bench", SessionMode.CLEAN, 0),
                        "10 12 00 04 4D 51 54 54"
                                + " 05"                 // protocol version 5
                                + " 02 00 00"           // clean start; keep alive 0
                                + " 00"                 // property length 0
                                + " 00 05 62 65 6E 63 68"),
                Arguments.of("CONNECT 5.0, clean start 0, session expiry interval 3600",
                        MqttEncoder.connect(Protocol.MQTT_5, "bench", SessionMode.PERSISTENT, 0),
                        "10 17 00 04 4D 51 54 54 05"
                                + " 00 00 00"           // clean start 0; keep alive 0
                                + " 05 11 00 00 0E 10"  // property length 5: session expiry (0x11) = 3600
                                + " 00 05 62 65 6E 63 68"),
                Arguments.of("SUBSCRIBE 3.1.1, packet id 1, 'a/+' at QoS 1",
                        MqttEncoder.subscribe(Protocol.MQTT_3_1_1, 1, "a/+", 1),
                        "82 08"                    // SUBSCRIBE with reserved flags 0010 [MQTT-3.8.1-1]
                                + " 00 01"              // packet identifier 1
                                + " 00 03 61 2F 2B"     // topic filter "a/+"
                                + " 01"),               // requested QoS 1
                Arguments.of("SUBSCRIBE 5.0, packet id 1, 'a/+' at QoS 1",
                        MqttEncoder.subscribe(Protocol.MQTT_5, 1, "a/+", 1),
                        "82 09 00 01"
                                + " 00"                 // property length 0
                                + " 00 03 61 2F 2B"
                                + " 01"),               // subscription options: maximum QoS 1, others 0
                Arguments.of("PUBLISH 3.1.1 QoS 0 'a/b': no packet identifier [MQTT-2.3.1-5]",
                        MqttEncoder.publish(Protocol.MQTT_3_1_1, "a/b", 0, new byte[] {1, 2}).bytes(),
                        "30 07 00 03 61 2F 62 01 02"),
                Arguments.of("PUBLISH 3.1.1 QoS 1 'a/b', packet id still 0 in the template",
                        MqttEncoder.publish(Protocol.MQTT_3_1_1, "a/b", 1, new byte[] {1, 2}).bytes(),
                        "32 09 00 03 61 2F 62 00 00 01 02"),
                Arguments.of("PUBLISH 5.0 QoS 1 'a/b', no properties",
                        MqttEncoder.publish(Protocol.MQTT_5, "a/b", 1, new byte[] {1, 2}).bytes(),
                        "32 0A 00 03 61 2F 62 00 00 00 01 02"),
                Arguments.of("PINGREQ", MqttEncoder.pingreq(), "C0 00"),
                Arguments.of("DISCONNECT (5.0: remaining length 0 means reason 0x00)", MqttEncoder.disconnect(),
                        "E0 00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void encodesAsTheSpecificationLaysItOut(String name, byte[] encoded, String expected) {
        assertThat(HexFormat.of().withUpperCase().formatHex(encoded)).isEqualTo(expected.replace(" ", ""));
    }

    @Test
    @DisplayName("remaining length 321 is the two bytes C1 02 (the example in section 2.2.3) [MQTT-1.5.5-1]")
    void twoByteRemainingLength() {
        byte[] encoded = MqttEncoder.publish(Protocol.MQTT_3_1_1, "t", 0, new byte[318]).bytes();
        assertThat(Arrays.copyOf(encoded, 5)).containsExactly(0x30, 0xC1, 0x02, 0x00, 0x01);
        assertThat(encoded).hasSize(3 + 321);
    }

    @Test
    void pubackIsTypeFourWithTheIdentifier() {
        byte[] buffer = new byte[6];
        int end = MqttEncoder.puback(buffer, 1, 0x1234);
        assertThat(end).isEqualTo(5);
        assertThat(buffer).containsExactly(0x00, 0x40, 0x02, 0x12, 0x34, 0x00);
    }

    @Test
    @DisplayName("a batch patches packet id (sequence mod 65535 + 1, never 0 [MQTT-2.3.1-1]) and payload in place")
    void batchStampsEachSlot() {
        PublishFrame frame = MqttEncoder.publish(Protocol.MQTT_3_1_1, "a/b", 1, new byte[Payload.MINIMUM_SIZE]);
        assertThat(frame.packetIdOffset()).isEqualTo(7);
        assertThat(frame.payloadOffset()).isEqualTo(9);
        PublishBatch batch = new PublishBatch(frame, 7, 2);
        batch.stamp(0, 65_534, 0x0102030405060708L);
        batch.stamp(1, 65_535, 42);
        byte[] bytes = batch.bytes();
        int second = frame.length();
        assertThat(HexFormat.of().withUpperCase().formatHex(bytes, 0, second)).isEqualTo(
                "321B" + "0003612F62" + "FFFF"   // remaining length 27; packet id 65535
                        + "00000007"              // publisher 7
                        + "000000000000FFFE"      // sequence 65534
                        + "0102030405060708");    // stamp
        assertThat(bytes[second + 7]).isEqualTo((byte) 0); // sequence 65535 wraps to packet id 1
        assertThat(bytes[second + 8]).isEqualTo((byte) 1);
        assertThat(Payload.publisher(bytes, second + 9)).isEqualTo(7);
        assertThat(Payload.sequence(bytes, second + 9)).isEqualTo(65_535);
        assertThat(Payload.stamp(bytes, second + 9)).isEqualTo(42);
        assertThat(batch.length(2)).isEqualTo(bytes.length);
    }
}
