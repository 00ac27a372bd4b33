package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.Auth;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.security.AccessPolicy;
import io.weft.core.security.Authenticator.ConnectRequest;
import io.weft.core.security.EnhancedAuthenticator;
import io.weft.core.security.EnhancedAuthenticator.Step;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Enhanced authentication (5.0 section 4.12) through a test challenge/response authenticator, raw packets. */
class EnhancedAuthenticationTest {

    static final String METHOD = "TEST-CHALLENGE";

    /** Challenge "challenge:<client id>"; answer "answer" lets in, "answer-readonly" may not publish. */
    static final EnhancedAuthenticator CHALLENGE = (method, phase) -> !METHOD.equals(method) ? null
            : new EnhancedAuthenticator.Exchange() {
                @Override
                public Step begin(ConnectRequest request, byte[] data) {
                    return new Step.Continue(bytes("challenge:" + request.clientId()));
                }

                @Override
                public Step proceed(byte[] data) {
                    return switch (data == null ? "" : new String(data, StandardCharsets.UTF_8)) {
                        case "answer" -> new Step.Success(AccessPolicy.ALLOW_ALL, bytes("welcome"));
                        case "answer-readonly" -> new Step.Success(READ_ONLY, null);
                        default -> new Step.Failure(ReasonCode.NOT_AUTHORIZED, "wrong answer");
                    };
                }
            };

    private static final AccessPolicy READ_ONLY = new AccessPolicy() {
        @Override
        public ReasonCode checkPublish(String topic, QoS qos, boolean retain) {
            return ReasonCode.NOT_AUTHORIZED;
        }

        @Override
        public ReasonCode checkSubscribe(String filter, QoS qos) {
            return ReasonCode.SUCCESS;
        }
    };

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start(TestBroker.settings(), CHALLENGE);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    @DisplayName("[MQTT-4.12.0-1] a method no authenticator handles: CONNACK 0x8C and close")
    void unknownMethodIsRefused() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.send(connect("unknown", "SCRAM-SHA-512"));
            assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.BAD_AUTHENTICATION_METHOD);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("an authenticator that throws: CONNACK 0x80 and close, and the broker keeps serving others")
    void throwingAuthenticatorRefusesWithUnspecifiedError() {
        EnhancedAuthenticator throwing = (method, phase) -> new EnhancedAuthenticator.Exchange() {
            @Override
            public Step begin(ConnectRequest request, byte[] data) {
                throw new IllegalStateException("identity service down");
            }

            @Override
            public Step proceed(byte[] data) {
                throw new IllegalStateException("never reached");
            }
        };
        try (TestBroker failing = TestBroker.start(TestBroker.settings(), throwing)) {
            try (RawClient client = new RawClient(failing.port(), ProtocolVersion.MQTT_5)) {
                client.send(connect("victim", METHOD));
                assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.UNSPECIFIED_ERROR);
                assertThat(client.closedByBroker()).isTrue();
            }
            try (RawClient other = new RawClient(failing.port(), ProtocolVersion.MQTT_5)) {
                other.send(new Connect(ProtocolVersion.MQTT_5, "plain", true, 0, null, null, null,
                        MqttProperties.EMPTY));
                assertThat(other.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            }
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-1] a broker without enhanced authentication refuses any method with 0x8C")
    void noEnhancedAuthenticatorRefusesEveryMethod() {
        try (TestBroker plain = TestBroker.start();
             RawClient client = new RawClient(plain.port(), ProtocolVersion.MQTT_5)) {
            client.send(connect("plain", METHOD));
            assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.BAD_AUTHENTICATION_METHOD);
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-5] AUTH 0x18 challenge and answer, then CONNACK 0x00 with the same method and the final data")
    void challengeAndResponse() {
        try (RawClient client = authenticated("alice")) {
            Clients.subscribe(client, 1, "t", QoS.AT_LEAST_ONCE);
            Clients.expectNothingQueued(client);
        }
    }

    @Test
    @DisplayName("a wrong answer: CONNACK with the authenticator's reason code (0x87) and close")
    void wrongAnswerIsRefused() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.send(connect("mallory", METHOD));
            client.receive(Auth.class);
            client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, METHOD, "guess"));
            assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-5] AUTH with another method than the CONNECT's during the exchange: CONNACK 0x82")
    void otherMethodDuringConnectIsProtocolError() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.send(connect("switcher", METHOD));
            client.receive(Auth.class);
            client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, "OTHER", "answer"));
            assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("5.0 4.12: a PUBLISH before the exchange ended: CONNACK 0x82, nothing published")
    void publishDuringExchangeIsProtocolError() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.send(connect("eager", METHOD));
            client.receive(Auth.class);
            client.send(new Publish(false, QoS.AT_MOST_ONCE, false, "t", 0, MqttProperties.EMPTY, new byte[] {1}));
            assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("5.0 4.12: a client that never answers the challenge is closed after the connect timeout (1 s here)")
    void silentClientIsClosedAfterConnectTimeout() {
        try (TestBroker quick = TestBroker.start(TestBroker.settings().withConnectTimeout(Duration.ofSeconds(1)),
                CHALLENGE);
             RawClient client = new RawClient(quick.port(), ProtocolVersion.MQTT_5)) {
            client.send(connect("silent", METHOD));
            client.receive(Auth.class);
            assertThat(client.closedByBrokerWithin(Duration.ofSeconds(4))).isTrue();
        }
    }

    @Test
    @DisplayName("5.0 4.12: DISCONNECT during the exchange ends the connection without CONNACK")
    void disconnectDuringExchangeCloses() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.send(connect("quitter", METHOD));
            client.receive(Auth.class);
            client.send(new Disconnect(ReasonCode.NORMAL_DISCONNECTION, MqttProperties.EMPTY));
            assertThat(client.closedWithoutReply()).isTrue();
        }
        assertThat(broker.broker().sessions().get("quitter")).as("no session was claimed").isNull();
    }

    @Test
    @DisplayName("5.0 4.12.1: AUTH 0x19 re-authenticates; AUTH 0x00 ends it and the new access policy applies")
    void reauthenticationReplacesThePolicy() {
        try (RawClient client = authenticated("bob")) {
            client.send(auth(ReasonCode.REAUTHENTICATE, METHOD, "again"));
            Auth challenge = client.receive(Auth.class);
            assertThat(challenge.reasonCode()).isEqualTo(ReasonCode.CONTINUE_AUTHENTICATION);
            client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, METHOD, "answer-readonly"));
            Auth done = client.receive(Auth.class);
            assertThat(done.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(done.properties().string(PropertyId.AUTHENTICATION_METHOD)).isEqualTo(METHOD);
            client.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "t", 9, MqttProperties.EMPTY, new byte[] {1}));
            assertThat(client.receive(PubAck.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.1-2] a failed re-authentication: DISCONNECT with the reason code, then close")
    void failedReauthenticationDisconnects() {
        try (RawClient client = authenticated("carol")) {
            client.send(auth(ReasonCode.REAUTHENTICATE, METHOD, "again"));
            client.receive(Auth.class);
            client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, METHOD, "nonsense"));
            assertThat(client.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-5] re-authentication with another method: DISCONNECT 0x82")
    void reauthenticationWithOtherMethodIsProtocolError() {
        try (RawClient client = authenticated("dave")) {
            client.send(auth(ReasonCode.REAUTHENTICATE, "OTHER", "again"));
            assertThat(client.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("5.0 3.15: AUTH from a client whose CONNECT named no method: DISCONNECT 0x82")
    void authWithoutMethodInConnectIsProtocolError() {
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "nomethod")) {
            client.send(auth(ReasonCode.REAUTHENTICATE, METHOD, "x"));
            assertThat(client.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        }
    }

    /** Runs the whole CONNECT exchange and checks each step; returns the connected client. */
    private RawClient authenticated(String clientId) {
        RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5);
        client.send(connect(clientId, METHOD));
        Auth challenge = client.receive(Auth.class);
        assertThat(challenge.reasonCode()).isEqualTo(ReasonCode.CONTINUE_AUTHENTICATION);
        assertThat(challenge.properties().string(PropertyId.AUTHENTICATION_METHOD)).isEqualTo(METHOD);
        assertThat(text(challenge.properties().binary(PropertyId.AUTHENTICATION_DATA))).isEqualTo("challenge:" + clientId);
        client.send(auth(ReasonCode.CONTINUE_AUTHENTICATION, METHOD, "answer"));
        ConnAck ack = client.receive(ConnAck.class);
        assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        assertThat(ack.properties().string(PropertyId.AUTHENTICATION_METHOD)).isEqualTo(METHOD);
        assertThat(text(ack.properties().binary(PropertyId.AUTHENTICATION_DATA))).isEqualTo("welcome");
        return client;
    }

    private static Connect connect(String clientId, String method) {
        return new Connect(ProtocolVersion.MQTT_5, clientId, true, 0, null, null, null, MqttProperties.builder()
                .put(PropertyId.AUTHENTICATION_METHOD, method).put(PropertyId.AUTHENTICATION_DATA, bytes("hello")).build());
    }

    private static Auth auth(ReasonCode reason, String method, String data) {
        return new Auth(reason, MqttProperties.builder().put(PropertyId.AUTHENTICATION_METHOD, method)
                .put(PropertyId.AUTHENTICATION_DATA, bytes(data)).build());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
