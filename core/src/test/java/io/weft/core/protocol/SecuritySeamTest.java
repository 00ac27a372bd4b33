package io.weft.core.protocol;

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
import io.weft.core.security.AccessPolicy;
import io.weft.core.security.AuthenticationResult;
import io.weft.core.security.Authenticator;
import io.weft.core.store.Stores;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authentication and authorization seams: every CONNECT passes the Authenticator, and the AccessPolicy it
 * returns answers PUBLISH and SUBSCRIBE with reason codes. The plugin chain (io.weft.core.plugin) sits behind them.
 */
class SecuritySeamTest {

    /** Lets in "alice" with password "secret"; she may use topics under "alice/" only. */
    private static final Authenticator AUTHENTICATOR = request -> {
        if (!"alice".equals(request.username())
                || !Arrays.equals("secret".getBytes(StandardCharsets.UTF_8), request.password())) {
            return new AuthenticationResult.Deny(ReasonCode.BAD_USER_NAME_OR_PASSWORD, "unknown user");
        }
        return new AuthenticationResult.Allow(new AccessPolicy() {
            @Override
            public ReasonCode checkPublish(String topic, QoS qos, boolean retain) {
                return topic.startsWith("alice/") ? ReasonCode.SUCCESS : ReasonCode.NOT_AUTHORIZED;
            }

            @Override
            public ReasonCode checkSubscribe(String filter, QoS qos) {
                return filter.startsWith("alice/") ? ReasonCode.SUCCESS : ReasonCode.NOT_AUTHORIZED;
            }
        });
    };

    private static TestBroker broker() {
        return TestBroker.start(TestBroker.settings(), Stores.inMemory(), AUTHENTICATOR);
    }

    private static Connect connect(ProtocolVersion version, String user, String password) {
        return new Connect(version, "c-" + version.level(), true, 0, null, user,
                password.getBytes(StandardCharsets.UTF_8), MqttProperties.EMPTY);
    }

    @Test
    @DisplayName("a refused CONNECT gets CONNACK 0x86 in 5.0 and return code 4 in 3.1.1, then a close [MQTT-3.2.2-6]")
    void refusedConnect() {
        try (TestBroker broker = broker()) {
            try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
                client.send(connect(ProtocolVersion.MQTT_5, "alice", "wrong"));
                ConnAck ack = client.receive(ConnAck.class);
                assertThat(ack.reasonCode()).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
                assertThat(ack.sessionPresent()).isFalse();
                assertThat(client.closedByBroker()).isTrue();
            }
            try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_3_1_1)) {
                client.send(connect(ProtocolVersion.MQTT_3_1_1, "mallory", "secret"));
                assertThat(client.receiveBytes(4)).containsExactly(0x20, 0x02, 0x00, 0x04);
                assertThat(client.closedByBroker()).isTrue();
            }
        }
    }

    @Test
    @DisplayName("the access policy refuses PUBLISH with PUBACK 0x87 in 5.0 and SUBSCRIBE with 0x87 / 0x80")
    void accessPolicy() {
        try (TestBroker broker = broker();
             RawClient mqtt5 = Clients.connected(broker, connect(ProtocolVersion.MQTT_5, "alice", "secret"));
             RawClient mqtt3 = Clients.connected(broker, connect(ProtocolVersion.MQTT_3_1_1, "alice", "secret"))) {
            mqtt5.send(new Subscribe(1, List.of(Subscription.of("alice/#", QoS.AT_LEAST_ONCE),
                    Subscription.of("bob/#", QoS.AT_LEAST_ONCE)), MqttProperties.EMPTY));
            assertThat(mqtt5.receive(SubAck.class).reasonCodes())
                    .containsExactly(ReasonCode.GRANTED_QOS_1, ReasonCode.NOT_AUTHORIZED);
            mqtt3.send(new Subscribe(1, List.of(Subscription.of("bob/#", QoS.AT_LEAST_ONCE)), MqttProperties.EMPTY));
            assertThat(mqtt3.receive(SubAck.class).reasonCodes()).containsExactly(ReasonCode.UNSPECIFIED_ERROR);

            mqtt5.send(publish("bob/x", 2));
            assertThat(mqtt5.receive(PubAck.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            // 3.1.1 cannot refuse: a positive acknowledgement, and the message goes nowhere [MQTT-3.3.5-2].
            mqtt3.send(publish("bob/x", 3));
            assertThat(mqtt3.receive(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);

            mqtt3.send(publish("alice/x", 4));
            assertThat(mqtt3.receive(PubAck.class).packetId()).isEqualTo(4);
            Publish delivered = mqtt5.receive(Publish.class);
            assertThat(delivered.topic()).as("only the allowed message arrives").isEqualTo("alice/x");
            mqtt5.send(new PubAck(delivered.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            Clients.expectNothingQueued(mqtt5);
        }
    }

    private static Publish publish(String topic, int packetId) {
        return new Publish(false, QoS.AT_LEAST_ONCE, false, topic, packetId, MqttProperties.EMPTY,
                topic.getBytes(StandardCharsets.UTF_8));
    }
}
