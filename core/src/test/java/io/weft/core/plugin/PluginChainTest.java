package io.weft.core.plugin;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.weft.core.AnonymousAccess;
import io.weft.core.BrokerSettings;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The authentication chain and access policies of plugins, driven by the HiveMQ (5.0) and Paho (3.1.1) clients. */
class PluginChainTest {

    private static final PluginSpec USERS = PluginSpec.of("users", "test-users",
            Map.of("users", Map.of("alice", "secret", "bob", "hunter2"), "deny", List.of("secret/")));

    static Mqtt5BlockingClient hive(TestBroker broker, String id) {
        return Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
    }

    static Mqtt5ConnAckReasonCode refusal(TestBroker broker, String user, String password) {
        Mqtt5BlockingClient client = hive(broker, "refused");
        var connect = client.connectWith();
        if (user != null) {
            connect.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        try {
            connect.send();
        } catch (Mqtt5ConnAckException refused) {
            return refused.getMqttMessage().getReasonCode();
        }
        client.disconnect();
        return Mqtt5ConnAckReasonCode.SUCCESS;
    }

    static int paho(TestBroker broker, String user, String password) throws MqttException {
        MqttClient client = new MqttClient(broker.uri(), "paho-" + user, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(5);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        try {
            client.connect(options);
            client.disconnect();
            return 0;
        } catch (MqttException refused) {
            return refused.getReasonCode();
        } finally {
            client.close();
        }
    }

    @Test
    @DisplayName("a wrong password: CONNACK 0x86 for 5.0, return code 4 for 3.1.1; the right one connects [MQTT-3.2.2-6]")
    void wrongPasswordIsRefused() throws MqttException {
        try (TestBroker broker = TestBroker.startWithPlugins(TestBroker.settings(), USERS)) {
            assertThat(refusal(broker, "alice", "wrong")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
            assertThat(paho(broker, "alice", "wrong")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
            assertThat(refusal(broker, "alice", "secret")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            assertThat(paho(broker, "bob", "hunter2")).isZero();
        }
    }

    @Test
    @DisplayName("all abstain: a user name is refused with 0x86, no user name is anonymous where auth.anonymous allows")
    void anonymousRule() throws MqttException {
        try (TestBroker broker = TestBroker.startWithPlugins(TestBroker.settings(), USERS)) {
            assertThat(refusal(broker, "mallory", "x")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
            assertThat(refusal(broker, null, null)).as("loopback listener").isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        }
        BrokerSettings settings = TestBroker.settings();
        settings = settings.with(settings.plugins().withAnonymous(AnonymousAccess.OFF));
        try (TestBroker broker = TestBroker.startWithPlugins(settings, USERS)) {
            assertThat(refusal(broker, null, null)).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
            assertThat(paho(broker, null, null)).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
            assertThat(refusal(broker, "alice", "secret")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        }
        try (TestBroker broker = TestBroker.startWithPlugins(settings)) {
            assertThat(refusal(broker, "anyone", "x")).as("no authenticator: every client is anonymous")
                    .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        }
    }

    @Test
    @DisplayName("the chain asks authenticators in order: one that abstains passes the client to the next")
    void chainInOrder() {
        PluginSpec slowButQuick = PluginSpec.of("first", "test-slow", Map.of("delay", "1ms"));
        try (TestBroker broker = TestBroker.startWithPlugins(TestBroker.settings(), slowButQuick, USERS)) {
            assertThat(refusal(broker, "alice", "secret")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            assertThat(refusal(broker, "alice", "nope")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        }
    }

    @Test
    @DisplayName("a plugin past its deadline refuses with 0x88 while other clients connect meanwhile; a crash with 0x80")
    void timeoutsAndCrashesAreContained() throws MqttException {
        BrokerSettings settings = TestBroker.settings();
        settings = settings.with(settings.plugins().withCallTimeout(Duration.ofMillis(300)));
        PluginSpec stubborn = PluginSpec.of("stuck", "test-slow", Map.of("delay", "1h", "stubborn", "true"));
        try (TestBroker broker = TestBroker.startWithPlugins(settings, stubborn)) {
            assertThat(refusal(broker, "alice", "secret")).isEqualTo(Mqtt5ConnAckReasonCode.SERVER_UNAVAILABLE);
            assertThat(paho(broker, "alice", "secret")).isEqualTo(MqttException.REASON_CODE_BROKER_UNAVAILABLE);
            broker.plugins().disable("stuck");
            assertThat(refusal(broker, null, null)).as("the broker serves on").isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        }
        for (String fail : List.of("authenticate", "null")) {
            PluginSpec crashing = PluginSpec.of("crash", "test-crash", Map.of("fail", fail));
            try (TestBroker broker = TestBroker.startWithPlugins(settings, crashing)) {
                assertThat(refusal(broker, "alice", "secret")).isEqualTo(Mqtt5ConnAckReasonCode.UNSPECIFIED_ERROR);
                assertThat(paho(broker, "alice", "secret")).isEqualTo(MqttException.REASON_CODE_BROKER_UNAVAILABLE);
            }
        }
    }

    @Test
    @DisplayName("access policies: PUBACK 0x87 and nothing delivered, SUBACK 0x87; authorizers restrict further")
    void accessPolicies() throws Exception {
        PluginSpec acl = PluginSpec.of("acl", "test-acl", Map.of("read-only", List.of("status/"), "throw-on", "broken"));
        try (TestBroker broker = TestBroker.startWithPlugins(TestBroker.settings(), USERS, acl)) {
            Mqtt5BlockingClient alice = hive(broker, "alice");
            alice.connectWith().simpleAuth().username("alice").password("secret".getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().send();
            var refused = assertThatThrownBy(() -> alice.subscribeWith().addSubscription().topicFilter("status/#")
                    .qos(MqttQos.AT_LEAST_ONCE).applySubscription().addSubscription().topicFilter("secret/#")
                    .qos(MqttQos.AT_LEAST_ONCE).applySubscription().addSubscription().topicFilter("other/#")
                    .qos(MqttQos.AT_LEAST_ONCE).applySubscription().send()).isInstanceOf(Mqtt5SubAckException.class)
                    .actual();
            assertThat(((Mqtt5SubAckException) refused).getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1,
                    Mqtt5SubAckReasonCode.NOT_AUTHORIZED, Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            try (var publishes = alice.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.SUBSCRIBED)) {
                for (String topic : List.of("status/1", "secret/1", "broken")) { // by the authorizer, the user, a throw
                    var denied = assertThatThrownBy(() -> alice.publishWith().topic(topic)
                            .qos(MqttQos.AT_LEAST_ONCE).send()).as(topic).isInstanceOf(Mqtt5PubAckException.class)
                            .actual();
                    assertThat(((Mqtt5PubAckException) denied).getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
                }
                alice.publishWith().topic("other/1").qos(MqttQos.AT_LEAST_ONCE).send();
                // One publisher's messages arrive in order: the first to arrive is the allowed one, so the refused
                // status/1 (which alice's own status/# would have matched) went nowhere.
                assertThat(publishes.receive(5, java.util.concurrent.TimeUnit.SECONDS).orElseThrow().getTopic())
                        .hasToString("other/1");
            }
            alice.disconnect();
        }
    }
}
