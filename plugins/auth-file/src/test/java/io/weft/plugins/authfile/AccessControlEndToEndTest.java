package io.weft.plugins.authfile;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.weft.core.plugin.PluginSpec;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.weft.plugins.authfile.AuthFilePluginTest.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** The ACL file in a real broker, against HiveMQ (5.0) and Paho (3.1.1) clients. */
class AccessControlEndToEndTest {

    @TempDir
    Path directory;
    private TestBroker broker;

    @BeforeEach
    void start() throws IOException {
        Files.write(directory.resolve("passwd"), List.of(user("alice", "wonderland"), user("bob", "builder")));
        Files.write(directory.resolve("acl"), List.of(
                "topic read public/#",
                "user alice",
                "topic readwrite alice/#",
                "pattern readwrite clients/%c/#",
                "pattern read inbox/%u"));
        broker = TestBroker.startWithPlugins(TestBroker.settings(), PluginSpec.of("files", "auth-file", Map.of(
                "users-file", directory.resolve("passwd").toString(),
                "acl-file", directory.resolve("acl").toString(),
                "reload-interval", "100ms")));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private Mqtt5BlockingClient connected(String clientId, String user, String password) {
        Mqtt5BlockingClient client = Clients.hive(broker, clientId, user, password);
        client.connect();
        return client;
    }

    private static Mqtt5PubAckReasonCode publish(Mqtt5BlockingClient client, String topic) {
        Mqtt5PubAckException refused = catchThrowableOfType(Mqtt5PubAckException.class, () -> client.publishWith()
                .topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(topic.getBytes(StandardCharsets.UTF_8)).send());
        return refused == null ? Mqtt5PubAckReasonCode.SUCCESS : refused.getMqttMessage().getReasonCode();
    }

    private static List<Mqtt5SubAckReasonCode> subscribe(Mqtt5BlockingClient client, String... filters) {
        var subscribe = client.subscribeWith().addSubscription().topicFilter(filters[0]).qos(MqttQos.AT_LEAST_ONCE)
                .applySubscription();
        for (int index = 1; index < filters.length; index++) {
            subscribe = subscribe.addSubscription().topicFilter(filters[index]).qos(MqttQos.AT_LEAST_ONCE)
                    .applySubscription();
        }
        try {
            return List.copyOf(subscribe.send().getReasonCodes());
        } catch (Mqtt5SubAckException refused) {
            return List.copyOf(refused.getMqttMessage().getReasonCodes());
        }
    }

    private static String nextTopic(Mqtt5Publishes publishes) throws InterruptedException {
        Optional<Mqtt5Publish> publish = publishes.receive(Clients.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(publish).as("a message within the timeout").isPresent();
        return publish.orElseThrow().getTopic().toString();
    }

    @Test
    @DisplayName("5.0: a denied PUBLISH gets PUBACK 0x87 and reaches no subscriber; a denied SUBSCRIBE gets 0x87")
    void mqtt5Denials() throws Exception {
        Mqtt5BlockingClient reader = connected("alice-reader", "alice", "wonderland");
        Mqtt5BlockingClient writer = connected("alice-writer", "alice", "wonderland");
        try (Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            assertThat(subscribe(reader, "alice/#", "public/#", "#", "bob/x")).containsExactly(
                    Mqtt5SubAckReasonCode.GRANTED_QOS_1, Mqtt5SubAckReasonCode.GRANTED_QOS_1,
                    Mqtt5SubAckReasonCode.NOT_AUTHORIZED, Mqtt5SubAckReasonCode.NOT_AUTHORIZED);

            assertThat(publish(writer, "public/news")).as("read-only for everyone")
                    .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(publish(writer, "alice/marker")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

            // one publisher's messages arrive in order: the refused one, which public/# matched, went nowhere
            assertThat(nextTopic(publishes)).isEqualTo("alice/marker");
        } finally {
            writer.disconnect();
            reader.disconnect();
        }
    }

    @Test
    @DisplayName("3.1.1: a denied PUBLISH is acknowledged and dropped; a denied SUBSCRIBE gets 0x80 in SUBACK")
    void mqtt3Denials() throws Exception {
        Clients.Inbox inbox = new Clients.Inbox();
        MqttClient reader = Clients.paho(broker, "alice-reader3", inbox);
        MqttClient writer = Clients.paho(broker, "alice-writer3", new Clients.Inbox());
        try {
            reader.connect(Clients.pahoOptions("alice", "wonderland"));
            writer.connect(Clients.pahoOptions("alice", "wonderland"));
            IMqttToken granted = reader.subscribeWithResponse(new String[] {"alice/#", "public/#", "secret/#"},
                    new int[] {1, 1, 1});
            assertThat(granted.getGrantedQos()).containsExactly(1, 1, 0x80);

            writer.publish("public/news", "refused".getBytes(StandardCharsets.UTF_8), 1, false); // a normal PUBACK
            writer.publish("alice/marker", "allowed".getBytes(StandardCharsets.UTF_8), 1, false);

            assertThat(inbox.next()).isEqualTo("alice/marker");
        } finally {
            Clients.close(writer);
            Clients.close(reader);
        }
    }

    @Test
    @DisplayName("pattern rules: %c is the client identifier, %u the user name")
    void patternRules() throws Exception {
        Mqtt5BlockingClient bob = connected("dev-1", "bob", "builder");
        try {
            assertThat(publish(bob, "clients/dev-1/state")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            assertThat(publish(bob, "clients/dev-2/state")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(subscribe(bob, "clients/dev-1/#", "clients/+/state", "inbox/bob", "inbox/alice"))
                    .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1, Mqtt5SubAckReasonCode.NOT_AUTHORIZED,
                            Mqtt5SubAckReasonCode.GRANTED_QOS_1, Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            assertThat(publish(bob, "alice/x")).as("alice's block is not bob's")
                    .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        } finally {
            bob.disconnect();
        }
        Mqtt5BlockingClient anonymous = connected("dev-3", null, null);
        try {
            assertThat(publish(anonymous, "clients/dev-3/state")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            assertThat(subscribe(anonymous, "public/#", "inbox/+")).containsExactly(
                    Mqtt5SubAckReasonCode.GRANTED_QOS_1, Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        } finally {
            anonymous.disconnect();
        }
    }

    @Test
    @DisplayName("a changed ACL file applies to new connections; an established one keeps the rules it got at CONNECT")
    void reloadAppliesToNewConnections() throws Exception {
        Mqtt5BlockingClient established = connected("alice-old", "alice", "wonderland");
        try {
            Path next = Files.write(directory.resolve("acl.next"), List.of("user alice", "topic readwrite news/#"));
            Files.move(next, directory.resolve("acl"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);

            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                Mqtt5BlockingClient fresh = connected("alice-new", "alice", "wonderland");
                try {
                    return publish(fresh, "news/today") == Mqtt5PubAckReasonCode.SUCCESS;
                } finally {
                    fresh.disconnect();
                }
            });
            Mqtt5BlockingClient fresh = connected("alice-new", "alice", "wonderland");
            assertThat(publish(fresh, "alice/x")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            fresh.disconnect();
            assertThat(publish(established, "alice/x")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            assertThat(publish(established, "news/today")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        } finally {
            established.disconnect();
        }
    }
}
