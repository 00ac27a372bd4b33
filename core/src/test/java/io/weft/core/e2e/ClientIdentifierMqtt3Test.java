package io.weft.core.e2e;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.e2e.Mqtt3Clients.Inbox;
import io.weft.core.testing.RawClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.weft.core.e2e.Mqtt3Clients.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zero-length client identifiers. A 3.x CONNACK return code 0x02 (identifier rejected) decodes to reason
 * code 0x85 (Client Identifier not valid); the codec tests pin that mapping byte by byte.
 */
class ClientIdentifierMqtt3Test {

    @RegisterExtension
    final PahoBrokerExtension paho = new PahoBrokerExtension();

    private ConnAck connectAnonymously(RawClient raw, ProtocolVersion version, boolean cleanSession) {
        raw.send(new Connect(version, "", cleanSession, 0, null, null, null, MqttProperties.EMPTY));
        return raw.receive(ConnAck.class);
    }

    @Test
    @DisplayName("3.1.1: a zero-length client id is accepted with clean session 1 [MQTT-3.1.3-6] and the client works")
    void emptyIdAcceptedWithCleanSession() {
        try (RawClient raw = new RawClient(paho.broker().port(), ProtocolVersion.MQTT_3_1_1)) {
            ConnAck connAck = connectAnonymously(raw, ProtocolVersion.MQTT_3_1_1, true);
            assertThat(connAck.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(connAck.sessionPresent()).isFalse();

            raw.send(new Subscribe(1, List.of(Subscription.of("self", QoS.AT_LEAST_ONCE)), MqttProperties.EMPTY));
            assertThat(raw.receive(SubAck.class).reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_1);
            raw.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "self", 7, MqttProperties.EMPTY, bytes("echo")));
            // PUBACK and the delivery may come in either order.
            List<MqttPacket> answers = List.of(raw.receive(), raw.receive());
            assertThat(answers).anySatisfy(packet -> assertThat(packet).isEqualTo(
                    new PubAck(7, ReasonCode.SUCCESS, MqttProperties.EMPTY)));
            assertThat(answers).anySatisfy(packet -> assertThat(packet).isInstanceOfSatisfying(Publish.class,
                    publish -> assertThat(publish.payload()).isEqualTo(bytes("echo"))));
        }
    }

    @Test
    @DisplayName("3.1.1: a zero-length client id with clean session 0 gets CONNACK 0x02 and is closed [MQTT-3.1.3-8]")
    void emptyIdRefusedWithoutCleanSession() {
        try (RawClient raw = new RawClient(paho.broker().port(), ProtocolVersion.MQTT_3_1_1)) {
            ConnAck connAck = connectAnonymously(raw, ProtocolVersion.MQTT_3_1_1, false);
            assertThat(connAck.reasonCode()).isEqualTo(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
            assertThat(connAck.sessionPresent()).isFalse(); // [MQTT-3.2.2-4]
            assertThat(raw.closedByBroker()).isTrue(); // [MQTT-3.2.2-5]
        }
    }

    @ParameterizedTest(name = "clean session {0}")
    @ValueSource(booleans = {true, false})
    @DisplayName("3.1: a client id must have 1 to 23 characters, so a zero-length one gets CONNACK 0x02 and is closed")
    void emptyIdRefusedInMqtt31(boolean cleanSession) {
        try (RawClient raw = new RawClient(paho.broker().port(), ProtocolVersion.MQTT_3_1)) {
            ConnAck connAck = connectAnonymously(raw, ProtocolVersion.MQTT_3_1, cleanSession);
            assertThat(connAck.reasonCode()).isEqualTo(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
            assertThat(raw.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("3.1.1: two Paho clients with zero-length ids are separate sessions, neither takes the other over")
    void twoAnonymousPahoClientsCoexist() throws Exception {
        MqttConnectOptions options = Mqtt3Clients.options(MqttConnectOptions.MQTT_VERSION_3_1_1, true);
        Inbox firstInbox = new Inbox();
        MqttClient first = paho.client("", firstInbox);
        first.connect(options);
        Inbox secondInbox = new Inbox();
        MqttClient second = paho.client("", secondInbox);
        second.connect(options);

        first.subscribe("anonymous/first", 1);
        second.subscribe("anonymous/second", 1);
        second.publish("anonymous/first", bytes("to first"), 1, false);
        first.publish("anonymous/second", bytes("to second"), 1, false);

        assertThat(firstInbox.next().payload()).isEqualTo("to first");
        assertThat(secondInbox.next().payload()).isEqualTo("to second");
        assertThat(first.isConnected()).isTrue();
        assertThat(second.isConnected()).isTrue();
    }
}
