package io.weft.core.codec;

import static io.weft.core.codec.ProtocolVersion.MQTT_3_1_1;
import static io.weft.core.codec.ProtocolVersion.MQTT_5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Packets that break the protocol, each rejected with the reason code its spec statement prescribes. */
class MalformedPacketTest {

    private static final ReasonCode MALFORMED = ReasonCode.MALFORMED_PACKET;
    private static final ReasonCode PROTOCOL = ReasonCode.PROTOCOL_ERROR;

    /** A packet, the version agreed before it (null: it is the first packet), and the expected rejection. */
    record Case(String name, ProtocolVersion version, String hex, ReasonCode reasonCode, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> fixedHeaderAndPublish() {
        return Stream.of(
                new Case("[MQTT-2.1.3-1] PUBREL flags 0000", MQTT_3_1_1, "60 02 00 01", MALFORMED,
                        "Illegal bit 1 in fixed header of PUBREL: must be 1, found 0"),
                new Case("[MQTT-2.1.3-1] PUBACK flag bit 3", MQTT_5, "48 02 00 01", MALFORMED,
                        "Illegal bit 3 in fixed header of PUBACK: must be 0, found 1"),
                new Case("[MQTT-2.1.3-1] SUBSCRIBE flags 0000", MQTT_3_1_1, "80 06 00 01 00 01 61 00", MALFORMED,
                        "Illegal bit 1 in fixed header of SUBSCRIBE: must be 1, found 0"),
                new Case("[MQTT-2.1.3-1] UNSUBSCRIBE flags 0011", MQTT_3_1_1, "A3 05 00 01 00 01 61", MALFORMED,
                        "Illegal bit 0 in fixed header of UNSUBSCRIBE: must be 0, found 1"),
                new Case("[MQTT-2.1.3-1] PINGREQ flag bit 0", MQTT_3_1_1, "C1 00", MALFORMED,
                        "Illegal bit 0 in fixed header of PINGREQ: must be 0, found 1"),
                new Case("reserved packet type 0", MQTT_3_1_1, "00 00", MALFORMED, "Reserved packet type 0"),
                new Case("AUTH in 3.1.1", MQTT_3_1_1, "F0 00", MALFORMED, "AUTH is a reserved packet type"),
                new Case("[MQTT-3.3.1-4] PUBLISH QoS 3", MQTT_3_1_1, "36 05 00 01 74 00 01", MALFORMED,
                        "Illegal QoS 3 in fixed header of PUBLISH"),
                new Case("[MQTT-3.3.1-2] PUBLISH DUP with QoS 0", MQTT_5, "38 04 00 01 74 00", MALFORMED,
                        "DUP"),
                new Case("[MQTT-2.2.1-3] PUBLISH QoS 1 packet id 0", MQTT_3_1_1, "32 05 00 01 74 00 00", MALFORMED,
                        "Packet identifier of PUBLISH must not be 0"),
                new Case("[MQTT-2.2.1-3] PUBACK packet id 0", MQTT_5, "40 02 00 00", MALFORMED,
                        "Packet identifier of PUBACK must not be 0"),
                new Case("[MQTT-2.2.1-3] SUBSCRIBE packet id 0", MQTT_3_1_1, "82 06 00 00 00 01 61 00", MALFORMED,
                        "Packet identifier of SUBSCRIBE must not be 0"),
                new Case("[MQTT-3.3.2-2] '+' in PUBLISH topic", MQTT_3_1_1, "30 05 00 03 61 2F 2B",
                        ReasonCode.TOPIC_NAME_INVALID, "Wildcard in PUBLISH topic name 'a/+'"),
                new Case("[MQTT-3.3.2-2] '#' in PUBLISH topic", MQTT_5, "30 04 00 01 23 00",
                        ReasonCode.TOPIC_NAME_INVALID, "Wildcard"),
                new Case("[MQTT-4.7.3-1] empty PUBLISH topic in 3.1.1", MQTT_3_1_1, "30 02 00 00", MALFORMED,
                        "Empty topic name"),
                new Case("5.0 empty PUBLISH topic without topic alias", MQTT_5, "30 03 00 00 00", PROTOCOL,
                        "without a topic alias"),
                new Case("[MQTT-1.5.5] remaining length of 5 bytes", MQTT_3_1_1, "30 FF FF FF FF 01", MALFORMED,
                        "Remaining length is longer than 4 bytes"),
                new Case("[MQTT-1.5.4-2] U+0000 in a topic", MQTT_3_1_1, "30 05 00 03 61 00 62", MALFORMED,
                        "U+0000"),
                new Case("[MQTT-1.5.4-1] encoded surrogate ED A0 80", MQTT_3_1_1, "30 05 00 03 ED A0 80", MALFORMED,
                        "malformed UTF-8"),
                new Case("[MQTT-1.5.4-1] overlong C0 80", MQTT_5, "30 05 00 02 C0 80 00", MALFORMED,
                        "malformed UTF-8"),
                new Case("[MQTT-1.5.4-1] overlong E0 80 AF", MQTT_3_1_1, "30 05 00 03 E0 80 AF", MALFORMED,
                        "malformed UTF-8"),
                new Case("[MQTT-1.5.4-1] beyond U+10FFFF", MQTT_3_1_1, "30 06 00 04 F4 90 80 80", MALFORMED,
                        "malformed UTF-8"),
                new Case("[MQTT-1.5.4-1] truncated sequence", MQTT_3_1_1, "30 05 00 03 61 E2 82", MALFORMED,
                        "malformed UTF-8"),
                new Case("trailing byte after PUBACK (3.1.1)", MQTT_3_1_1, "40 03 00 01 00", MALFORMED,
                        "Remaining length of PUBACK is 3 but the packet ends after 2 bytes"),
                new Case("trailing byte after PINGREQ", MQTT_5, "C0 01 00", MALFORMED,
                        "Remaining length of PINGREQ is 1"),
                new Case("trailing byte after DISCONNECT (3.1.1)", MQTT_3_1_1, "E0 01 00", MALFORMED,
                        "Remaining length of DISCONNECT is 1"),
                new Case("truncated packet: topic longer than the body", MQTT_3_1_1, "30 02 00 05", MALFORMED,
                        "PUBLISH too short"),
                new Case("truncated packet: PUBACK of one byte", MQTT_3_1_1, "40 01 00", MALFORMED,
                        "PUBACK too short"));
    }

    static Stream<Case> properties() {
        return Stream.of(
                new Case("3.3.2.3.3 duplicate property MESSAGE_EXPIRY_INTERVAL in PUBLISH", MQTT_5,
                        "30 0E 00 01 74 0A 02 00 00 00 01 02 00 00 00 02", PROTOCOL,
                        "Property MESSAGE_EXPIRY_INTERVAL appears twice in properties of PUBLISH"),
                new Case("2.2.2.2 SESSION_EXPIRY_INTERVAL not allowed in PUBACK", MQTT_5,
                        "40 09 00 01 00 05 11 00 00 00 01", PROTOCOL,
                        "Property SESSION_EXPIRY_INTERVAL is not allowed in properties of PUBACK"),
                new Case("2.2.2.2 WILL_DELAY_INTERVAL not allowed in PUBLISH", MQTT_5,
                        "30 09 00 01 74 05 18 00 00 00 01", PROTOCOL, "not allowed"),
                new Case("unknown property identifier 0x05", MQTT_5, "30 06 00 01 74 02 05 00", MALFORMED,
                        "Unknown property identifier 0x05 in properties of PUBLISH"),
                new Case("3.8.2.1.2 SUBSCRIPTION_IDENTIFIER twice in SUBSCRIBE", MQTT_5,
                        "82 0B 00 01 04 0B 01 0B 02 00 01 61 00", PROTOCOL, "appears twice"),
                new Case("3.8.2.1.2 SUBSCRIPTION_IDENTIFIER 0", MQTT_5, "82 09 00 01 02 0B 00 00 01 61 00",
                        PROTOCOL, "must not be 0"),
                new Case("[MQTT-3.3.2-8] TOPIC_ALIAS 0", MQTT_5, "30 07 00 01 74 03 23 00 00", ReasonCode.TOPIC_ALIAS_INVALID,
                        "Property TOPIC_ALIAS in properties of PUBLISH must not be 0, found 0"),
                new Case("3.3.2.3.2 PAYLOAD_FORMAT_INDICATOR 2", MQTT_5, "30 06 00 01 74 02 01 02", PROTOCOL,
                        "must be 0 or 1"),
                new Case("property length beyond the packet", MQTT_5, "30 05 00 01 74 09 01", MALFORMED,
                        "too short"),
                new Case("property value beyond the property length", MQTT_5, "30 08 00 01 74 02 23 00 01 00",
                        MALFORMED, "too short"),
                new Case("3.4.2.1 reason code 0x92 not valid in PUBACK", MQTT_5, "40 03 00 01 92", MALFORMED,
                        "Reason code 0x92 is not valid in PUBACK"),
                new Case("3.14.2.1 reason code 0x01 not valid in DISCONNECT", MQTT_5, "E0 01 01", MALFORMED,
                        "Reason code 0x01 is not valid in DISCONNECT"),
                new Case("3.15.2.2.1 AUTH without property length", MQTT_5, "F0 01 18", MALFORMED, "too short"));
    }

    static Stream<Case> subscriptions() {
        return Stream.of(
                new Case("[MQTT-3.8.3-3] SUBSCRIBE without filters (3.1.1)", MQTT_3_1_1, "82 02 00 01", PROTOCOL,
                        "SUBSCRIBE without a topic filter"),
                new Case("[MQTT-3.8.3-3] SUBSCRIBE without filters (5.0)", MQTT_5, "82 03 00 01 00", PROTOCOL,
                        "SUBSCRIBE without a topic filter"),
                new Case("[MQTT-3.10.3-2] UNSUBSCRIBE without filters", MQTT_3_1_1, "A2 02 00 01", PROTOCOL,
                        "UNSUBSCRIBE without a topic filter"),
                new Case("[MQTT-3-8.3-4] reserved bits of the requested QoS (3.1.1)", MQTT_3_1_1,
                        "82 06 00 01 00 01 61 04", MALFORMED, "Reserved bits of the requested QoS byte"),
                new Case("[MQTT-3-8.3-4] requested QoS 3 (3.1.1)", MQTT_3_1_1, "82 06 00 01 00 01 61 03",
                        MALFORMED, "Illegal requested QoS 3"),
                new Case("[MQTT-3.8.3-5] reserved bits 7-6 of subscription options", MQTT_5,
                        "82 07 00 01 00 00 01 61 40", MALFORMED, "Reserved bits 7-6"),
                new Case("3.8.3.1 maximum QoS 3 (5.0)", MQTT_5, "82 07 00 01 00 00 01 61 03", PROTOCOL,
                        "Illegal maximum QoS 3"),
                new Case("3.8.3.1 retain handling 3", MQTT_5, "82 07 00 01 00 00 01 61 30", PROTOCOL,
                        "Illegal retain handling 3"),
                new Case("[MQTT-3.8.3-4] No Local on a shared subscription", MQTT_5,
                        "82 0E 00 01 00 00 08 24 73 68 61 72 65 2F 67 04", PROTOCOL, "No Local"),
                new Case("[MQTT-3.9.3-1] SUBACK without reason codes", MQTT_3_1_1, "90 02 00 01", PROTOCOL,
                        "SUBACK without a reason code"),
                new Case("3.9.3 SUBACK return code 0x03 (3.1.1)", MQTT_3_1_1, "90 03 00 01 03", MALFORMED,
                        "Reason code 0x03 is not valid in SUBACK"));
    }

    static Stream<Case> connects() {
        return Stream.of(
                new Case("[MQTT-3.1.0-1] PINGREQ before CONNECT", null, "C0 00", PROTOCOL,
                        "First packet must be CONNECT, found PINGREQ"),
                new Case("[MQTT-3.1.0-1] PUBLISH before CONNECT", null, "30 04 00 01 74 00", PROTOCOL,
                        "First packet must be CONNECT, found PUBLISH"),
                new Case("[MQTT-3.1.2-1] unknown protocol name", null,
                        "10 0C 00 04 4D 51 54 58 04 02 00 00 00 00", PROTOCOL, "Unknown protocol name 'MQTX'"),
                new Case("[MQTT-3.1.2-3] reserved connect flag", null,
                        "10 0C 00 04 4D 51 54 54 04 03 00 00 00 00", MALFORMED, "Reserved bit 0"),
                new Case("[MQTT-3.1.2-11] will QoS without will flag", null,
                        "10 0C 00 04 4D 51 54 54 04 0A 00 00 00 00", MALFORMED, "Will QoS must be 0"),
                new Case("[MQTT-3.1.2-13] will retain without will flag", null,
                        "10 0C 00 04 4D 51 54 54 04 22 00 00 00 00", MALFORMED, "Will retain must be 0"),
                new Case("[MQTT-3.1.2-12] will QoS 3", null,
                        "10 0C 00 04 4D 51 54 54 04 1E 00 00 00 00", MALFORMED, "Illegal will QoS 3"),
                new Case("[MQTT-3.1.2-22] password without user name (3.1.1)", null,
                        "10 0F 00 04 4D 51 54 54 04 42 00 00 00 00 00 01 70", MALFORMED, "Password flag"),
                new Case("[MQTT-3.1.3-11] wildcard in will topic", null,
                        "10 12 00 04 4D 51 54 54 04 06 00 00 00 00 00 01 23 00 01 78", ReasonCode.TOPIC_NAME_INVALID,
                        "Invalid will topic '#'"),
                new Case("3.1.2.11.3 5.0 CONNECT with RECEIVE_MAXIMUM 0", null,
                        "10 10 00 04 4D 51 54 54 05 02 00 00 03 21 00 00 00 00", PROTOCOL,
                        "RECEIVE_MAXIMUM"),
                new Case("3.1.2.11.4 5.0 CONNECT with MAXIMUM_PACKET_SIZE 0", null,
                        "10 12 00 04 4D 51 54 54 05 02 00 00 05 27 00 00 00 00 00 00", PROTOCOL,
                        "MAXIMUM_PACKET_SIZE"),
                new Case("[MQTT-3.2.2-1] reserved CONNACK flags", MQTT_3_1_1, "20 02 02 00", MALFORMED,
                        "Reserved bits 7-1"),
                new Case("[MQTT-3.2.2-4] CONNACK refusal with session present", MQTT_3_1_1, "20 02 01 05", PROTOCOL,
                        "must not set session present"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"fixedHeaderAndPublish", "properties", "subscriptions", "connects"})
    void rejects(Case malformed) {
        PacketReader reader = new PacketReader(new ByteArrayInputStream(WireFixture.hex(malformed.hex())), 1 << 20);
        MalformedPacketException exception = catchThrowableOfType(MalformedPacketException.class,
                () -> reader.read(malformed.version()));
        assertThat(exception).as("exception").isNotNull();
        assertThat(exception.reasonCode()).isEqualTo(malformed.reasonCode());
        assertThat(exception.getMessage()).contains(malformed.message());
    }
}
