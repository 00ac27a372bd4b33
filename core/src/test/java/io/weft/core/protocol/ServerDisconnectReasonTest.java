package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every DISCONNECT the broker sends says why in a Reason String (5.0 section 3.14.2.2.3). */
class ServerDisconnectReasonTest {

    @Test
    @DisplayName("[MQTT-3.1.4-3] takeover: DISCONNECT 0x8E with a Reason String")
    void takeoverSaysWhy() {
        try (TestBroker broker = TestBroker.start();
             RawClient first = Clients.connected(broker, ProtocolVersion.MQTT_5, "same");
             RawClient second = Clients.connected(broker, ProtocolVersion.MQTT_5, "same")) {
            Disconnect disconnect = first.receive(Disconnect.class);
            assertThat(disconnect.reasonCode()).isEqualTo(ReasonCode.SESSION_TAKEN_OVER);
            assertThat(disconnect.properties().string(PropertyId.REASON_STRING)).isNotEmpty();
            Clients.expectNothingQueued(second);
        }
    }

    @Test
    @DisplayName("shutdown: DISCONNECT 0x8B with a Reason String")
    void shutdownSaysWhy() {
        TestBroker broker = TestBroker.start();
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "staying")) {
            broker.close();
            Disconnect disconnect = client.receive(Disconnect.class);
            assertThat(disconnect.reasonCode()).isEqualTo(ReasonCode.SERVER_SHUTTING_DOWN);
            assertThat(disconnect.properties().string(PropertyId.REASON_STRING)).isNotEmpty();
        }
    }
}
