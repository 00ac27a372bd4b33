package io.weft.plugins.authhttp;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.weft.core.BrokerSettings;
import io.weft.core.plugin.PluginSpec;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * A broker with an {@code auth-http} instance in front of a real HTTP service, driven by Paho (3.1.1 and 5.0) and
 * HiveMQ (5.0) clients.
 */
class HttpAuthEndToEndTest {

    private static final String AUTH = "/mqtt/auth";
    private static final String ACL = "/mqtt/acl";
    private static final int WAIT_SECONDS = 10;

    private final FakeAuthService service = FakeAuthService.start();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private TestBroker broker;

    @BeforeEach
    void start() {
        service.answer(AUTH, body -> FakeAuthService.Reply.json(switch (text(body.get("username"))) {
            case "alice" -> text(body.get("password")).equals("secret") ? """
                    {"result": "allow", "acl": {"publish": ["users/%u/#"], "subscribe": ["users/%u/#"]}}"""
                    : "{\"result\": \"deny\", \"reasonCode\": \"bad_username_or_password\"}";
            case "admin", "operator" -> "{\"result\": \"allow\"}";
            case "bob" -> "{\"result\": \"deny\", \"reasonCode\": \"bad_username_or_password\", \"reason\": \"no\"}";
            case "carol" -> "{\"result\": \"deny\", \"reason\": \"suspended\"}";
            default -> "{\"result\": \"ignore\"}";
        }));
        service.answer(ACL, body -> FakeAuthService.Reply.json(text(body.get("principal")).equals("operator")
                ? "{\"publish\": [\"ops/#\"], \"subscribe\": [\"ops/#\"]}" : "{\"result\": \"ignore\"}"));
        BrokerSettings settings = TestBroker.settings();
        // A short broker deadline keeps the hanging-service test quick; the plugin's own timeout is half of it.
        settings = settings.with(settings.plugins().withCallTimeout(Duration.ofSeconds(2)));
        broker = TestBroker.startWithPlugins(settings, PluginSpec.of("accounts", "auth-http", Map.of(
                "authentication-url", service.url(AUTH).toString(),
                "authorization-url", service.url(ACL).toString())));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable client : clients.reversed()) {
            client.close();
        }
        if (broker != null) {
            broker.close();
        }
        service.close();
    }

    private static String text(com.google.gson.JsonElement element) {
        return element == null || element.isJsonNull() ? "" : element.getAsString();
    }

    // --- MQTT 3.1.1, Paho v3 ---

    private MqttClient paho3(String clientId) throws MqttException {
        MqttClient client = new MqttClient(broker.uri(), clientId, new MemoryPersistence());
        client.setTimeToWait(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        clients.add(() -> {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        });
        return client;
    }

    private static MqttConnectOptions options3(String username, String password) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(username);
        options.setPassword(password.toCharArray());
        options.setConnectionTimeout(WAIT_SECONDS);
        options.setAutomaticReconnect(false);
        return options;
    }

    private MqttClient connect3(String clientId, String username, String password) throws MqttException {
        MqttClient client = paho3(clientId);
        client.connect(options3(username, password));
        return client;
    }

    private int refusal3(String clientId, String username, String password) throws MqttException {
        MqttClient client = paho3(clientId);
        MqttException refused = catchThrowableOfType(MqttException.class,
                () -> client.connect(options3(username, password)));
        assertThat(refused).as("CONNECT of %s refused", username).isNotNull();
        return refused.getReasonCode();
    }

    @Test
    @DisplayName("[MQTT 3.1.1] the service's allow lets the client in; its deny gives return code 4 or 5")
    void mqtt3ConnectAllowedOrRefusedByTheService() throws MqttException {
        assertThat(connect3("alice-1", "alice", "secret").isConnected()).isTrue();
        assertThat(refusal3("alice-2", "alice", "wrong")).isEqualTo(4);
        assertThat(refusal3("bob-1", "bob", "x")).isEqualTo(4);
        assertThat(refusal3("carol-1", "carol", "x")).isEqualTo(5);
        // ignore: every authenticator abstained and the client has a user name, so it is refused (return code 4).
        assertThat(refusal3("dave-1", "dave", "x")).isEqualTo(4);
        assertThat(service.received(AUTH)).hasSize(5);
    }

    @Test
    @DisplayName("[MQTT 3.1.1] a SUBSCRIBE outside the acl gets 0x80 [MQTT-3.9.3-2]; a PUBLISH outside it is acked "
            + "and not delivered")
    void mqtt3SubscribeAndPublishOutsideTheAcl() throws Exception {
        MqttClient alice = connect3("alice-1", "alice", "secret");
        IMqttToken subscribed = alice.subscribeWithResponse(new String[] {"users/alice/#", "users/bob/#"},
                new int[] {1, 1});
        assertThat(subscribed.getGrantedQos()).containsExactly(1, 0x80);

        BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
        MqttClient admin = connect3("admin-1", "admin", "admin");
        admin.subscribe("users/#", 1, (topic, message) -> arrivals.add(topic));
        alice.publish("users/bob/inbox", "not allowed".getBytes(StandardCharsets.UTF_8), 1, false);
        alice.publish("users/alice/marker", "allowed".getBytes(StandardCharsets.UTF_8), 1, false);

        // The allowed message comes after the refused one; once it is in, the refused one is known to be dropped.
        assertThat(arrivals.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("users/alice/marker");
        assertThat(arrivals).isEmpty();
        assertThat(alice.isConnected()).isTrue();
    }

    @Test
    @DisplayName("[MQTT 3.1.1] a service that hangs refuses its client with return code 3; other clients go on")
    void aHangingServiceRefusesItsClientWithoutHurtingOthers() throws Exception {
        service.answer(AUTH, body -> text(body.get("username")).equals("slow")
                ? service.waitUntilClosed() : FakeAuthService.Reply.json("{\"result\": \"allow\"}"));
        CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return refusal3("slow-1", "slow", "x");
            } catch (MqttException unexpected) {
                throw new IllegalStateException(unexpected);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> !service.received(AUTH).isEmpty());

        MqttClient other = connect3("other-1", "other", "x");
        BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
        other.subscribe("chat", 1, (topic, message) -> arrivals.add(new String(message.getPayload(),
                StandardCharsets.UTF_8)));
        other.publish("chat", "still here".getBytes(StandardCharsets.UTF_8), 1, false);

        assertThat(arrivals.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("still here");
        assertThat(slow.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("return code 3, server unavailable").isEqualTo(3);
    }

    // --- MQTT 5.0, Paho v5 and HiveMQ ---

    private int refusal5(String clientId, String username, String password) throws Exception {
        org.eclipse.paho.mqttv5.client.MqttClient client = new org.eclipse.paho.mqttv5.client.MqttClient(
                broker.uri(), clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        clients.add(client::close);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(username);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        options.setConnectionTimeout(WAIT_SECONDS);
        org.eclipse.paho.mqttv5.common.MqttException refused = catchThrowableOfType(
                org.eclipse.paho.mqttv5.common.MqttException.class, () -> client.connect(options));
        assertThat(refused).as("CONNECT of %s refused", username).isNotNull();
        return refused.getReasonCode();
    }

    private Mqtt5BlockingClient hive(String clientId, String username, String password) {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(broker.port()).simpleAuth().username(username)
                .password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildBlocking();
        client.connect();
        clients.add(() -> {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        });
        return client;
    }

    /** The PUBACK reason code of a QoS 1 PUBLISH. */
    private static Mqtt5PubAckReasonCode publishReason(Mqtt5BlockingClient client, String topic) {
        try {
            Mqtt5PublishResult result = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {1}).send();
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
        } catch (Mqtt5PubAckException refused) {
            return refused.getMqttMessage().getReasonCode();
        }
    }

    @Test
    @DisplayName("[MQTT 5] the service's deny gives CONNACK 0x86 or 0x87 as it names")
    void mqtt5ConnectRefusedWithTheServicesReasonCode() throws Exception {
        assertThat(refusal5("bob-5", "bob", "x")).isEqualTo(0x86);
        assertThat(refusal5("carol-5", "carol", "x")).isEqualTo(0x87);
        assertThat(hive("alice-5", "alice", "secret").getState().isConnected()).isTrue();
    }

    @Test
    @DisplayName("[MQTT 5] a PUBLISH outside the acl gets PUBACK 0x87, a SUBSCRIBE SUBACK 0x87")
    void mqtt5PublishAndSubscribeOutsideTheAcl() {
        Mqtt5BlockingClient alice = hive("alice-5", "alice", "secret");

        // HiveMQ's blocking client throws when an acknowledgement holds an error code; the exception carries it.
        Mqtt5SubAckException subAck = catchThrowableOfType(Mqtt5SubAckException.class, () -> alice.subscribeWith()
                .addSubscription().topicFilter("users/alice/#").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter("users/bob/#").qos(MqttQos.AT_LEAST_ONCE).applySubscription().send());

        assertThat(subAck.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1,
                Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publishReason(alice, "users/bob/inbox")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publishReason(alice, "users/alice/status")).isIn(Mqtt5PubAckReasonCode.SUCCESS,
                Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
    }

    @Test
    @DisplayName("[MQTT 5] the authorization service restricts a client the authentication service allowed fully")
    void theAuthorizationServiceAddsItsRestriction() {
        Mqtt5BlockingClient operator = hive("operator-5", "operator", "x");

        assertThat(publishReason(operator, "users/alice/inbox")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publishReason(operator, "ops/deploy")).isIn(Mqtt5PubAckReasonCode.SUCCESS,
                Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
        assertThat(service.last(ACL).body().get("principal").getAsString()).isEqualTo("operator");
    }
}
