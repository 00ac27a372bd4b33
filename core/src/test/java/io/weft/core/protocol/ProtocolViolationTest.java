package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed packets and protocol errors after a successful CONNECT: 5.0 gets DISCONNECT with the reason
 * code and is closed [MQTT-4.13.1-1]; 3.1.1 is closed without a word [MQTT-4.8.0-1]. A client connected
 * before the bad one keeps working either way.
 */
class ProtocolViolationTest {

    private TestBroker broker;
    private Bystander bystander;

    @BeforeEach
    void start() {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        if (bystander != null) {
            bystander.close();
        }
        broker.close();
    }

    static Stream<Arguments> mqtt5Violations() {
        return Stream.of(
                Arguments.of("[MQTT-1.5.4-1] ill-formed UTF-8 in a PUBLISH topic", ReasonCode.MALFORMED_PACKET,
                        hex("30 07 00 02 ff fe 00 68 69")),
                Arguments.of("5.0 1.5.5: remaining length of 5 bytes", ReasonCode.MALFORMED_PACKET,
                        hex("30 80 80 80 80 01")),
                Arguments.of("[MQTT-3.1.0-2] second CONNECT", ReasonCode.PROTOCOL_ERROR,
                        send(new Connect(ProtocolVersion.MQTT_5, "bad", true, 0, null, null, null,
                                MqttProperties.EMPTY))),
                // 5.0 3.8.3.1 makes reserved option bits malformed (not a protocol error) [MQTT-3.8.3-5].
                Arguments.of("[MQTT-3.8.3-5] SUBSCRIBE with reserved subscription option bits",
                        ReasonCode.MALFORMED_PACKET, hex("82 07 00 01 00 00 01 61 c1")),
                Arguments.of("5.0 3.8.3.1 SUBSCRIBE with maximum QoS 3 is a protocol error", ReasonCode.PROTOCOL_ERROR,
                        hex("82 07 00 01 00 00 01 61 03")),
                Arguments.of("[MQTT-3.3.2-9] PUBLISH with a topic alias above the Topic Alias Maximum (64)",
                        ReasonCode.TOPIC_ALIAS_INVALID,
                        send(publish(MqttProperties.builder().put(PropertyId.TOPIC_ALIAS, 65).build()))),
                Arguments.of("[MQTT-3.3.4-6] PUBLISH from a client with a Subscription Identifier",
                        ReasonCode.PROTOCOL_ERROR,
                        send(publish(MqttProperties.builder().subscriptionIdentifier(7).build()))));
    }

    @ParameterizedTest(name = "{0} -> DISCONNECT {1}")
    @MethodSource("mqtt5Violations")
    void mqtt5ViolationGetsDisconnectWithReasonThenClose(String description, ReasonCode expected,
                                                          Consumer<RawClient> violation) {
        bystander = new Bystander(broker, ProtocolVersion.MQTT_5, "bystander");
        bystander.assertRoundTrip("before");
        try (RawClient bad = Clients.connected(broker, ProtocolVersion.MQTT_5, "bad")) {
            violation.accept(bad);
            Disconnect disconnect = bad.receive(Disconnect.class);
            assertThat(disconnect.reasonCode()).as(description).isEqualTo(expected);
            assertThat(bad.closedByBroker()).as("closed after DISCONNECT").isTrue();
        }
        bystander.assertRoundTrip("after");
    }

    static Stream<Arguments> mqtt311Violations() {
        return Stream.of(
                Arguments.of("[MQTT-1.5.3-1] ill-formed UTF-8 in a PUBLISH topic", hex("30 06 00 02 ff fe 68 69")),
                Arguments.of("3.1.1 2.2.3: remaining length of 5 bytes", hex("30 80 80 80 80 01")),
                Arguments.of("[MQTT-3.1.0-2] second CONNECT",
                        send(new Connect(ProtocolVersion.MQTT_3_1_1, "bad", true, 0, null, null, null,
                                MqttProperties.EMPTY))),
                Arguments.of("[MQTT-3-8.3-4] SUBSCRIBE with reserved bits in the requested QoS byte",
                        hex("82 06 00 01 00 01 61 c1")),
                Arguments.of("[MQTT-3-8.3-4] SUBSCRIBE with requested QoS 3", hex("82 06 00 01 00 01 61 03")),
                Arguments.of("[MQTT-3.3.1-4] PUBLISH with QoS 3", hex("36 05 00 01 61 00 01")));
    }

    @ParameterizedTest(name = "{0} -> close")
    @MethodSource("mqtt311Violations")
    void mqtt311ViolationClosesWithoutReply(String description, Consumer<RawClient> violation) {
        bystander = new Bystander(broker, ProtocolVersion.MQTT_3_1_1, "bystander");
        bystander.assertRoundTrip("before");
        try (RawClient bad = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "bad")) {
            violation.accept(bad);
            assertThat(bad.closedWithoutReply()).as(description).isTrue();
        }
        bystander.assertRoundTrip("after");
    }

    private static Publish publish(MqttProperties properties) {
        return new Publish(false, QoS.AT_MOST_ONCE, false, "a", 0, properties, new byte[] {1});
    }

    private static Consumer<RawClient> hex(String bytes) {
        return named("bytes " + bytes, client -> client.sendHex(bytes));
    }

    private static Consumer<RawClient> send(MqttPacket packet) {
        return named(String.valueOf(packet), client -> client.send(packet));
    }

    /** A consumer whose toString shows in the test report. */
    private static Consumer<RawClient> named(String name, Consumer<RawClient> action) {
        return new Consumer<>() {
            @Override
            public void accept(RawClient client) {
                action.accept(client);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
