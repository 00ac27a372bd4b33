package io.weft.plugins.authjwt;

import io.weft.core.plugin.PluginSpec;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A broker with auth-jwt, driven by Eclipse Paho MQTT 3.1.1 clients. */
class JwtMqtt3EndToEndTest {

    private static final long WAIT_MILLIS = 5_000;

    private final TestBroker broker = TestBroker.startWithPlugins(TestBroker.settings(),
            PluginSpec.of("tokens", "auth-jwt", Map.of("secret", Tokens.SECRET)));
    private final List<MqttAsyncClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws MqttException {
        for (MqttAsyncClient client : clients) {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(WAIT_MILLIS);
            }
            client.close();
        }
        broker.close();
    }

    private static String token(String subject, Object publish, Object subscribe) {
        return Tokens.hmac(Tokens.SECRET, Tokens.claims(subject, Instant.now()).claim("publish", publish)
                .claim("subscribe", subscribe).build());
    }

    private MqttAsyncClient client(String clientId, BlockingQueue<String> inbox) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.uri(), clientId, new MemoryPersistence());
        clients.add(client);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                inbox.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        return client;
    }

    /** MQTT 3.1.1 allows a password only with a user name [MQTT-3.1.2-22]: the subject goes in the user name. */
    private static MqttConnectOptions credentials(String username, String token) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(username);
        options.setPassword(token.toCharArray());
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        return options;
    }

    private MqttAsyncClient connected(String clientId, String username, String token, BlockingQueue<String> inbox)
            throws MqttException {
        MqttAsyncClient client = client(clientId, inbox);
        client.connect(credentials(username, token)).waitForCompletion(WAIT_MILLIS);
        assertThat(client.isConnected()).isTrue();
        return client;
    }

    private int refusal(String username, String password) throws MqttException {
        MqttAsyncClient client = client("refused", new LinkedBlockingQueue<>());
        MqttException refused = catchThrowableOfType(MqttException.class,
                () -> client.connect(credentials(username, password)).waitForCompletion(WAIT_MILLIS));
        assertThat(refused).as("CONNECT refused").isNotNull();
        return refused.getReasonCode();
    }

    @Test
    @DisplayName("a valid token with its subject as the user name connects (no password without one [MQTT-3.1.2-22])")
    void aValidTokenConnects() throws MqttException {
        connected("alice", "alice", token("alice", "users/%u/#", "users/%u/#"), new LinkedBlockingQueue<>());
    }

    @Test
    @DisplayName("an expired or forged token: CONNACK return code 4, bad user name or password")
    void badTokensAreRefusedWithReturnCode4() throws MqttException {
        String expired = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice", Instant.now().minusSeconds(7200)).build());
        String forged = Tokens.hmac("another secret of at least thirty-two bytes",
                Tokens.claims("alice", Instant.now()).build());

        assertThat(refusal("alice", expired)).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION).isEqualTo(4);
        assertThat(refusal("alice", forged)).isEqualTo(4);
    }

    @Test
    @DisplayName("a SUBSCRIBE outside the subscribe claim gets SUBACK 0x80, a code per filter in order [MQTT-3.9.3-1]")
    void subscribeOutsideTheClaimsIsRefused() throws MqttException {
        MqttAsyncClient alice = connected("alice", "alice", token("alice", List.of(), List.of("users/%u/#")),
                new LinkedBlockingQueue<>());

        IMqttToken subscribed = alice.subscribe(new String[] {"users/alice/#", "users/#", "users/alice/+/x"},
                new int[] {1, 1, 0});
        subscribed.waitForCompletion(WAIT_MILLIS);

        assertThat(subscribed.getGrantedQos()).containsExactly(1, 0x80, 0);
    }

    @Test
    @DisplayName("a PUBLISH outside the publish claim is acknowledged as usual and reaches no one")
    void publishOutsideTheClaimsIsDropped() throws Exception {
        BlockingQueue<String> watched = new LinkedBlockingQueue<>();
        MqttAsyncClient watcher = connected("watcher", "watcher", token("watcher", List.of(), "#"), watched);
        watcher.subscribe("#", 1).waitForCompletion(WAIT_MILLIS);
        MqttAsyncClient alice = connected("alice", "alice", token("alice", "users/%u/#", List.of()),
                new LinkedBlockingQueue<>());

        alice.publish("users/bob/inbox", "forbidden".getBytes(StandardCharsets.UTF_8), 1, false)
                .waitForCompletion(WAIT_MILLIS);
        alice.publish("users/alice/notes", "allowed".getBytes(StandardCharsets.UTF_8), 1, false)
                .waitForCompletion(WAIT_MILLIS);

        // the dropped message was acknowledged before the allowed one was sent: had it been routed, it would be
        // ahead of it in the watcher's queue
        assertThat(watched.poll(5, TimeUnit.SECONDS)).isEqualTo("users/alice/notes allowed");
    }
}
