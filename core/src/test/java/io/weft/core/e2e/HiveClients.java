package io.weft.core.e2e;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.weft.core.testing.TestBroker;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** HiveMQ MQTT 5 clients for the end-to-end tests: building one and waiting for what it receives. */
final class HiveClients {

    private HiveClients() {
    }

    /** A blocking client for {@code broker}, not yet connected. */
    static Mqtt5BlockingClient client(TestBroker broker, String identifier) {
        return Mqtt5Client.builder().identifier(identifier).serverHost("127.0.0.1").serverPort(broker.port())
                .buildBlocking();
    }

    /** The next message; fails when none arrives within 5 s. */
    static Mqtt5Publish receive(Mqtt5Publishes publishes) throws InterruptedException {
        Optional<Mqtt5Publish> publish = publishes.receive(5, TimeUnit.SECONDS);
        assertThat(publish).as("a message within 5 s").isPresent();
        return publish.orElseThrow();
    }

    static String text(Mqtt5Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }
}
