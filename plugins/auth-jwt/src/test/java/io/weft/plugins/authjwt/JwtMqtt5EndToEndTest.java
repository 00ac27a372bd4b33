package io.weft.plugins.authjwt;

import io.weft.core.plugin.PluginSpec;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
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

/** A broker with auth-jwt, driven by Eclipse Paho MQTT 5 clients. */
class JwtMqtt5EndToEndTest {

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

    /** alice may publish under users/alice and subscribe there and under public. */
    private static String aliceToken() {
        return Tokens.hmac(Tokens.SECRET, Tokens.claims("alice", Instant.now())
                .claim("publish", List.of("users/%u/#"))
                .claim("subscribe", "users/%u/# public/#").build());
    }

    private MqttAsyncClient client(String clientId, BlockingQueue<String> inbox) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.uri(), clientId, new MemoryPersistence());
        clients.add(client);
        client.setCallback(new InboxCallback(inbox));
        return client;
    }

    private static MqttConnectionOptions credentials(String username, String token) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(username);
        options.setPassword(token.getBytes(StandardCharsets.UTF_8));
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

    /** The reason code the broker refused a CONNECT with. */
    private int refusal(String username, String password) throws MqttException {
        MqttAsyncClient client = client("refused", new LinkedBlockingQueue<>());
        MqttException refused = catchThrowableOfType(MqttException.class,
                () -> client.connect(credentials(username, password)).waitForCompletion(WAIT_MILLIS));
        assertThat(refused).as("CONNECT refused").isNotNull();
        assertThat(client.isConnected()).isFalse();
        return refused.getReasonCode();
    }

    @Test
    @DisplayName("a valid token in the password connects, with or without the user name")
    void aValidTokenConnects() throws MqttException {
        connected("alice-1", "alice", aliceToken(), new LinkedBlockingQueue<>());
        connected("alice-2", null, aliceToken(), new LinkedBlockingQueue<>());
    }

    @Test
    @DisplayName("an expired token, a wrong signature or a user name other than the subject: CONNACK 0x86")
    void badTokensAreRefusedWith0x86() throws MqttException {
        String expired = Tokens.hmac(Tokens.SECRET, Tokens.claims("alice", Instant.now().minusSeconds(7200)).build());
        String forged = Tokens.hmac("another secret of at least thirty-two bytes",
                Tokens.claims("alice", Instant.now()).build());

        assertThat(refusal("alice", expired)).isEqualTo(0x86);
        assertThat(refusal("alice", forged)).isEqualTo(0x86);
        assertThat(refusal("mallory", aliceToken())).isEqualTo(0x86);
    }

    @Test
    @DisplayName("a password that is not a JWT is left to the chain: with a user name and no other authenticator, 0x86")
    void aPlainPasswordIsNotThisPluginsToDecide() throws MqttException {
        assertThat(refusal("alice", "hunter2")).isEqualTo(0x86);
    }

    @Test
    @DisplayName("a PUBLISH outside the publish claim gets PUBACK 0x87 and reaches no one")
    void publishOutsideTheClaimsIsRefused() throws Exception {
        BlockingQueue<String> watched = new LinkedBlockingQueue<>();
        String watcherToken = Tokens.hmac(Tokens.SECRET, Tokens.claims("watcher", Instant.now())
                .claim("subscribe", List.of("#")).build());
        MqttAsyncClient watcher = connected("watcher", "watcher", watcherToken, watched);
        watcher.subscribe(new MqttSubscription("#", 1)).waitForCompletion(WAIT_MILLIS);
        MqttAsyncClient alice = connected("alice", "alice", aliceToken(), new LinkedBlockingQueue<>());

        assertThat(publishReason(alice, "users/bob/inbox", "forbidden")).isEqualTo(0x87);
        assertThat(publishReason(alice, "users/alice/notes", "allowed")).isEqualTo(0x00);

        // the refusal was acknowledged before the allowed message was sent: had the refused one been routed, it
        // would be ahead of it in the watcher's queue
        assertThat(watched.poll(5, TimeUnit.SECONDS)).isEqualTo("users/alice/notes allowed");
    }

    @Test
    @DisplayName("a SUBSCRIBE outside the subscribe claim gets SUBACK 0x87, covered ones are granted [MQTT-3.9.3-1]")
    void subscribeOutsideTheClaimsIsRefused() throws MqttException {
        MqttAsyncClient alice = connected("alice", "alice", aliceToken(), new LinkedBlockingQueue<>());

        IMqttToken subscribed = alice.subscribe(new MqttSubscription[] {new MqttSubscription("users/alice/+", 1),
                new MqttSubscription("users/+/inbox", 1), new MqttSubscription("public/news", 1),
                new MqttSubscription("#", 1)});
        subscribed.waitForCompletion(WAIT_MILLIS);

        assertThat(subscribed.getReasonCodes()).containsExactly(0x01, 0x87, 0x01, 0x87);
    }

    @Test
    @DisplayName("an RS256 token verified with a key set fetched from a JWKS URL connects")
    void aTokenFromAKeySetConnects() throws MqttException {
        com.nimbusds.jose.jwk.RSAKey key = Tokens.rsa("issuer-key-1");
        try (KeyServer keyServer = new KeyServer()) {
            keyServer.serve(Tokens.jwks(key));
            try (TestBroker withKeySet = TestBroker.startWithPlugins(TestBroker.settings(),
                    PluginSpec.of("tokens", "auth-jwt", Map.of("jwks-url", keyServer.url(), "issuer", "https://id")))) {
                String token = Tokens.sign(key, com.nimbusds.jose.JWSAlgorithm.RS256,
                        Tokens.claims("device-7", Instant.now()).issuer("https://id").build());
                MqttAsyncClient client = new MqttAsyncClient(withKeySet.uri(), "device-7", new MemoryPersistence());
                clients.add(client);
                client.connect(credentials(null, token)).waitForCompletion(WAIT_MILLIS);
                assertThat(client.isConnected()).isTrue();
                client.disconnect().waitForCompletion(WAIT_MILLIS);
            }
        }
    }

    private static int publishReason(MqttAsyncClient client, String topic, String payload) throws MqttException {
        IMqttToken published = client.publish(topic, new MqttMessage(
                payload.getBytes(StandardCharsets.UTF_8), 1, false, null));
        try {
            published.waitForCompletion(WAIT_MILLIS);
        } catch (MqttException refused) {
            return refused.getReasonCode();
        }
        return published.getReasonCodes()[0];
    }

    /** Paho's callback thread adds "topic payload" for each message; the test takes them with a deadline. */
    private record InboxCallback(BlockingQueue<String> inbox) implements org.eclipse.paho.mqttv5.client.MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            inbox.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {
        }
    }
}
