package io.weft.core.protocol;

import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientConfig;
import com.hivemq.client.mqtt.mqtt5.auth.Mqtt5EnhancedAuthMechanism;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5Auth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5AuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** HiveMQ's enhanced authentication mechanism against the test challenge authenticator (5.0 section 4.12). */
class EnhancedAuthenticationHiveMqTest {

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start(TestBroker.settings(), EnhancedAuthenticationTest.CHALLENGE);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    @DisplayName("[MQTT-4.12.0-5] HiveMQ answers the AUTH challenge, connects, then re-authenticates (5.0 4.12.1)")
    void connectAndReauthenticate() throws Exception {
        Mechanism mechanism = new Mechanism("answer");
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("hive-auth").serverHost("127.0.0.1")
                .serverPort(broker.port()).enhancedAuth(mechanism).buildBlocking();
        Mqtt5ConnAck connAck = client.connect();
        assertThat(connAck.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(mechanism.events).containsExactly("challenge:hive-auth", "success:welcome");
        client.toAsync().reauth().get(5, TimeUnit.SECONDS);
        assertThat(mechanism.events).containsExactly("challenge:hive-auth", "success:welcome",
                "challenge:hive-auth", "reauthenticated");
        client.disconnect();
    }

    @Test
    @DisplayName("HiveMQ with a wrong answer: the connect fails with CONNACK 0x87")
    void wrongAnswerIsRejected() {
        Mechanism mechanism = new Mechanism("guess");
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("hive-wrong").serverHost("127.0.0.1")
                .serverPort(broker.port()).enhancedAuth(mechanism).buildBlocking();
        Mqtt5ConnAckException refused = catchThrowableOfType(Mqtt5ConnAckException.class, client::connect);
        assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
    }

    /** Called on HiveMQ's event loop; the test thread reads {@link #events} after the blocking calls return. */
    private static final class Mechanism implements Mqtt5EnhancedAuthMechanism {

        private final String answer;
        final List<String> events = new CopyOnWriteArrayList<>();

        Mechanism(String answer) {
            this.answer = answer;
        }

        @Override
        public MqttUtf8String getMethod() {
            return MqttUtf8String.of(EnhancedAuthenticationTest.METHOD);
        }

        @Override
        public int getTimeout() {
            return 5;
        }

        @Override
        public CompletableFuture<Void> onAuth(Mqtt5ClientConfig config, Mqtt5Connect connect,
                                              Mqtt5EnhancedAuthBuilder auth) {
            auth.data("hello".getBytes(StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> onReAuth(Mqtt5ClientConfig config, Mqtt5AuthBuilder auth) {
            auth.data("again".getBytes(StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Boolean> onContinue(Mqtt5ClientConfig config, Mqtt5Auth challenge,
                                                     Mqtt5AuthBuilder auth) {
            events.add(text(challenge.getData().orElse(null)));
            auth.data(answer.getBytes(StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Boolean> onAuthSuccess(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
            events.add("success:" + text(connAck.getEnhancedAuth().flatMap(auth -> auth.getData()).orElse(null)));
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Boolean> onReAuthSuccess(Mqtt5ClientConfig config, Mqtt5Auth auth) {
            events.add("reauthenticated");
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void onAuthRejected(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
            events.add("rejected:" + connAck.getReasonCode());
        }

        @Override
        public void onReAuthRejected(Mqtt5ClientConfig config, Mqtt5Disconnect disconnect) {
            events.add("reauth rejected:" + disconnect.getReasonCode());
        }

        @Override
        public void onAuthError(Mqtt5ClientConfig config, Throwable cause) {
            events.add("error:" + cause);
        }

        @Override
        public void onReAuthError(Mqtt5ClientConfig config, Throwable cause) {
            events.add("reauth error:" + cause);
        }

        private static String text(ByteBuffer data) {
            if (data == null) {
                return null;
            }
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
