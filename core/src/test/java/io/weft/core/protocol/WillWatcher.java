package io.weft.core.protocol;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Will;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Owned by the test thread: a HiveMQ MQTT 5 client subscribed to {@code will/#} at QoS 1, which tells whether a
 * will has arrived by a wall-clock deadline; and the raw CONNECT of a client that leaves a delayed will.
 */
final class WillWatcher implements AutoCloseable {

    static final String FILTER = "will/#";

    private final Mqtt5BlockingClient client;
    private final Mqtt5Publishes publishes;

    private WillWatcher(Mqtt5BlockingClient client) {
        this.client = client;
        this.publishes = client.publishes(MqttGlobalPublishFilter.ALL); // before CONNECT: queued copies count too
    }

    /** A watcher with a clean session. */
    static WillWatcher connect(TestBroker broker) {
        WillWatcher watcher = new WillWatcher(build(broker, "will-watcher"));
        watcher.client.connect();
        watcher.client.subscribeWith().topicFilter(FILTER).qos(MqttQos.AT_LEAST_ONCE).send();
        return watcher;
    }

    /** A watcher with a persistent session (one hour), which receives what was queued while it was away. */
    static WillWatcher persistent(TestBroker broker, String clientId) {
        WillWatcher watcher = new WillWatcher(build(broker, clientId));
        watcher.client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
        watcher.client.subscribeWith().topicFilter(FILTER).qos(MqttQos.AT_LEAST_ONCE).send();
        return watcher;
    }

    private static Mqtt5BlockingClient build(TestBroker broker, String clientId) {
        return Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(broker.port())
                .buildBlocking();
    }

    /** Waits until {@code untilMillis} (wall clock) for a will; none must arrive. */
    void nothingUntil(long untilMillis, String why) throws InterruptedException {
        Optional<Mqtt5Publish> early = publishes.receive(Math.max(1, untilMillis - System.currentTimeMillis()),
                TimeUnit.MILLISECONDS);
        assertThat(early.map(WillWatcher::describe)).as(why).isEmpty();
    }

    /** The next will; it must arrive by {@code deadlineMillis} (wall clock). */
    Mqtt5Publish receiveBy(long deadlineMillis, String what) throws InterruptedException {
        Optional<Mqtt5Publish> publish = publishes.receive(Math.max(1, deadlineMillis - System.currentTimeMillis()),
                TimeUnit.MILLISECONDS);
        assertThat(publish).as(what).isPresent();
        return publish.orElseThrow();
    }

    static String text(Mqtt5Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    private static String describe(Mqtt5Publish publish) {
        return publish.getTopic() + " " + text(publish);
    }

    /**
     * A raw MQTT 5 CONNECT with a QoS 1 will on {@code will/<clientId>} (payload "gone <clientId>") delayed
     * {@code delaySeconds}, and a session expiry of {@code expirySeconds}; CONNACK is checked.
     */
    static RawClient withDelayedWill(TestBroker broker, String clientId, boolean cleanStart, long delaySeconds,
                                     long expirySeconds) {
        MqttProperties willProperties = MqttProperties.builder()
                .put(PropertyId.WILL_DELAY_INTERVAL, delaySeconds).build();
        Will will = new Will("will/" + clientId, ("gone " + clientId).getBytes(StandardCharsets.UTF_8),
                QoS.AT_LEAST_ONCE, false, willProperties);
        MqttProperties properties = MqttProperties.builder()
                .put(PropertyId.SESSION_EXPIRY_INTERVAL, expirySeconds).build();
        return Clients.connected(broker, new Connect(ProtocolVersion.MQTT_5, clientId, cleanStart, 0, will, null,
                null, properties));
    }

    /** Disconnects normally; a persistent session stays. */
    @Override
    public void close() {
        publishes.close();
        if (client.getState().isConnected()) {
            client.disconnect();
        }
    }
}
