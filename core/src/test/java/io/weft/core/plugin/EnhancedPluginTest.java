package io.weft.core.plugin;

import io.weft.core.codec.MqttPacket.Auth;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** MQTT 5 enhanced authentication (AUTH packets) handled by an enhanced authenticator plugin. */
class EnhancedPluginTest {

    private static final String METHOD = "TEST-ECHO";

    private static Connect connect(String clientId, String method) {
        return new Connect(ProtocolVersion.MQTT_5, clientId, true, 0, null, null, null, MqttProperties.builder()
                .put(PropertyId.AUTHENTICATION_METHOD, method).build());
    }

    private static Auth auth(ReasonCode reason, String data) {
        return new Auth(reason, MqttProperties.builder().put(PropertyId.AUTHENTICATION_METHOD, METHOD)
                .put(PropertyId.AUTHENTICATION_DATA, data.getBytes(StandardCharsets.UTF_8)).build());
    }

    @Test
    @DisplayName("[MQTT-4.12.0-1] challenge, answer, CONNACK 0x00; re-authentication [MQTT-4.12.1-2]; unknown method 0x8C")
    void pluginRunsTheExchange() {
        PluginSpec echo = PluginSpec.of("echo", "test-echo", Map.of());
        PluginSpec acl = PluginSpec.of("acl", "test-acl", Map.of("read-only", List.of("status/")));
        try (TestBroker broker = TestBroker.startWithPlugins(TestBroker.settings(), echo, acl)) {
            try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
                client.send(connect("sensor-1", METHOD));
                Auth challenge = client.receive(Auth.class);
                assertThat(challenge.reasonCode()).isEqualTo(ReasonCode.CONTINUE_AUTHENTICATION);
                assertThat(new String(challenge.properties().binary(PropertyId.AUTHENTICATION_DATA),
                        StandardCharsets.UTF_8)).isEqualTo("sensor-1");
                client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, "sensor-1"));
                assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);

                // the authorizer's policy applies to enhanced authentication too
                client.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "status/1", 1, MqttProperties.EMPTY,
                        new byte[] {1}));
                assertThat(client.receive(PubAck.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);

                client.send(auth(ReasonCode.REAUTHENTICATE, ""));
                assertThat(client.receive(Auth.class).reasonCode()).isEqualTo(ReasonCode.CONTINUE_AUTHENTICATION);
                client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, "sensor-1"));
                assertThat(client.receive(Auth.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            }
            try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
                client.send(connect("sensor-2", METHOD));
                client.receive(Auth.class);
                client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, "someone else"));
                assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
                assertThat(client.closedByBroker()).isTrue();
            }
            try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
                client.send(connect("sensor-3", "SCRAM-SHA-1"));
                assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.BAD_AUTHENTICATION_METHOD);
            }
            broker.plugins().disable("echo");
            try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
                client.send(connect("sensor-4", METHOD));
                assertThat(client.receive(ConnAck.class).reasonCode()).as("disabled at runtime")
                        .isEqualTo(ReasonCode.BAD_AUTHENTICATION_METHOD);
            }
        }
    }
}
