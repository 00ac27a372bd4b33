package io.weft.core.protocol;

import io.weft.core.ProtocolSettings;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The maximum keep alive (mqtt.max-keep-alive) and the keep-alive timeout as 5.0 clients see it. */
class KeepAliveLimitTest {

    private static TestBroker withMaximumKeepAlive(int seconds) {
        return TestBroker.start(TestBroker.settings().with(
                new ProtocolSettings(1024, 64, 64, seconds, 2, true, true, true, true, "")));
    }

    @ParameterizedTest(name = "asks {0} -> Server Keep Alive {1}")
    @CsvSource({"60, 10", "0, 10", "10, -1", "5, -1"})
    @DisplayName("[MQTT-3.2.2-21] a 5.0 client asking for more than the maximum (or 0) gets Server Keep Alive")
    void mqtt5GetsServerKeepAlive(int requested, int announced) {
        try (TestBroker broker = withMaximumKeepAlive(10);
             RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.send(new Connect(ProtocolVersion.MQTT_5, "ka", true, requested, null, null, null, MqttProperties.EMPTY));
            ConnAck ack = client.receive(ConnAck.class);
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(ack.properties().integer(PropertyId.SERVER_KEEP_ALIVE)).isEqualTo(announced < 0 ? null : announced);
        }
    }

    @ParameterizedTest(name = "asks {0} -> accepted {1}")
    @CsvSource({"60, false", "0, false", "10, true"})
    @DisplayName("3.1.1 cannot be told another keep alive: above the maximum (or 0) is CONNACK 0x02, as mosquitto does")
    void mqtt311AboveMaximumIsRefused(int requested, boolean accepted) {
        try (TestBroker broker = withMaximumKeepAlive(10);
             RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_3_1_1)) {
            client.send(new Connect(ProtocolVersion.MQTT_3_1_1, "ka", true, requested, null, null, null,
                    MqttProperties.EMPTY));
            ConnAck ack = client.receive(ConnAck.class);
            // 0x85 is how the codec reads the 3.x return code 0x02 (identifier rejected).
            assertThat(ack.reasonCode()).isEqualTo(accepted ? ReasonCode.SUCCESS : ReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-22] the broker uses the Server Keep Alive it announced: a silent 5.0 client gets DISCONNECT 0x8D, then the close")
    void serverKeepAliveIsEnforcedWithDisconnect() {
        try (TestBroker broker = withMaximumKeepAlive(1);
             RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.send(new Connect(ProtocolVersion.MQTT_5, "silent", true, 600, null, null, null, MqttProperties.EMPTY));
            assertThat(client.receive(ConnAck.class).properties().integer(PropertyId.SERVER_KEEP_ALIVE)).isEqualTo(1);
            Disconnect disconnect = client.receive(Disconnect.class); // within 1.5 s plus two sweeps, under the 5 s read deadline
            assertThat(disconnect.reasonCode()).isEqualTo(ReasonCode.KEEP_ALIVE_TIMEOUT);
            assertThat(disconnect.properties().contains(PropertyId.REASON_STRING)).isTrue();
            assertThat(client.closedByBroker()).isTrue();
        }
    }
}
