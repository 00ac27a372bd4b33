package io.weft.plugins.authscram;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.ongres.scram.common.ScramMechanism;
import io.weft.core.plugin.PluginSpec;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** A real broker with the plugin, and the HiveMQ MQTT 5 client doing SCRAM through its enhanced-auth API. */
class ScramEndToEndTest {

    private static final String SHA_256 = "SCRAM-SHA-256";

    @TempDir
    Path directory;

    private Path file;

    @BeforeEach
    void credentials() throws Exception {
        file = ScramFixture.write(directory.resolve("scram-users"), List.of(
                ScramFixture.line("alice", "wonderland"),
                ScramFixture.line(ScramMechanism.SCRAM_SHA_512, "alice", "wonderland-512")));
    }

    private TestBroker start() {
        return TestBroker.startWithPlugins(TestBroker.settings(),
                PluginSpec.of("scram", ScramAuthenticationProvider.TYPE, Map.of("credentials-file", file.toString())));
    }

    private static Mqtt5ClientBuilder builder(TestBroker broker, String identifier, HiveScramMechanism mechanism) {
        return Mqtt5Client.builder().identifier(identifier).serverHost("127.0.0.1").serverPort(broker.port())
                .enhancedAuth(mechanism);
    }

    private static Mqtt5ConnAckReasonCode refusal(Mqtt5BlockingClient client) {
        Throwable thrown = catchThrowable(client::connect);
        assertThat(thrown).isInstanceOf(Mqtt5ConnAckException.class);
        return ((Mqtt5ConnAckException) thrown).getMqttMessage().getReasonCode();
    }

    /** The connection carries messages: subscribe, publish, receive. */
    private static void roundTrip(Mqtt5BlockingClient client, String topic) throws InterruptedException {
        try (Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("hello".getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt5Publish> received = publishes.receive(5, TimeUnit.SECONDS);
            assertThat(received).as("the message within 5 s").isPresent();
            assertThat(received.orElseThrow().getPayloadAsBytes()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-2] SCRAM-SHA-256 CONNECT succeeds; the client verifies the broker's v=")
    void connectSucceeds() throws Exception {
        try (TestBroker broker = start()) {
            HiveScramMechanism mechanism = new HiveScramMechanism(SHA_256, "alice", "wonderland");
            Mqtt5BlockingClient client = builder(broker, "sensor-1", mechanism).buildBlocking();

            assertThat(client.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            assertThat(mechanism.verifiedServerSignatures()).isEqualTo(1);
            roundTrip(client, "scram/1");
            client.disconnect();
        }
    }

    @Test
    void scramSha512Succeeds() {
        try (TestBroker broker = start()) {
            HiveScramMechanism mechanism = new HiveScramMechanism("SCRAM-SHA-512", "alice", "wonderland-512");
            Mqtt5BlockingClient client = builder(broker, "sensor-2", mechanism).buildBlocking();

            assertThat(client.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            assertThat(mechanism.verifiedServerSignatures()).isEqualTo(1);
            client.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-4] a wrong password and an unknown user both get CONNACK 0x87")
    void wrongPasswordAndUnknownUserAreRefused() {
        try (TestBroker broker = start()) {
            Mqtt5BlockingClient wrong = builder(broker, "sensor-3",
                    new HiveScramMechanism(SHA_256, "alice", "looking-glass")).buildBlocking();
            Mqtt5BlockingClient unknown = builder(broker, "sensor-4",
                    new HiveScramMechanism(SHA_256, "mallory", "anything")).buildBlocking();

            assertThat(refusal(wrong)).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
            assertThat(refusal(unknown)).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        }
    }

    @Test
    @DisplayName("the CONNECT's User Name must be the SCRAM user")
    void theConnectUserNameMustMatch() {
        try (TestBroker broker = start()) {
            Mqtt5BlockingClient asBob = builder(broker, "sensor-5",
                    new HiveScramMechanism(SHA_256, "alice", "wonderland"))
                    .simpleAuth().username("bob").applySimpleAuth().buildBlocking();
            assertThat(refusal(asBob)).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);

            Mqtt5BlockingClient asAlice = builder(broker, "sensor-6",
                    new HiveScramMechanism(SHA_256, "alice", "wonderland"))
                    .simpleAuth().username("alice").applySimpleAuth().buildBlocking();
            assertThat(asAlice.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            asAlice.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.1-1] re-authentication succeeds; a failed one ends the connection [MQTT-4.12.1-2]")
    void reAuthentication() throws Exception {
        try (TestBroker broker = start()) {
            HiveScramMechanism mechanism = new HiveScramMechanism(SHA_256, "alice", "wonderland");
            Mqtt5BlockingClient client = builder(broker, "sensor-7", mechanism).buildBlocking();
            client.connect();

            client.reauth();
            assertThat(mechanism.verifiedServerSignatures()).isEqualTo(2);
            roundTrip(client, "scram/7");

            mechanism.credentials("alice", "looking-glass");
            assertThatThrownBy(client::reauth).isInstanceOf(RuntimeException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.getState().isConnected());
            assertThat(mechanism.verifiedServerSignatures()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-1] a method no plugin handles gets CONNACK 0x8C")
    void anUnknownMethodIsRefusedByTheBroker() {
        try (TestBroker broker = start()) {
            Mqtt5BlockingClient client = builder(broker, "sensor-8",
                    new HiveScramMechanism("SCRAM-SHA-1", "alice", "wonderland")).buildBlocking();
            assertThat(refusal(client)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD);
        }
    }
}
