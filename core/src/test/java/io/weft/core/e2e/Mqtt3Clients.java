package io.weft.core.e2e;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Named;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Paho MQTTv3 clients for the 3.1 / 3.1.1 end-to-end tests: connect helpers and an inbox of arrivals. */
final class Mqtt3Clients {

    /** Seconds to wait for any single event; generous, a healthy broker answers in milliseconds. */
    static final int TIMEOUT_SECONDS = 5;

    private Mqtt3Clients() {
    }

    /** The two 3.x revisions Paho speaks, as Paho's MqttConnectOptions version constants. */
    static Stream<Named<Integer>> versions() {
        return Stream.of(Named.of("MQTT 3.1", MqttConnectOptions.MQTT_VERSION_3_1),
                Named.of("MQTT 3.1.1", MqttConnectOptions.MQTT_VERSION_3_1_1));
    }

    /** The broker's name for a Paho version constant, for raw clients in the same test. */
    static ProtocolVersion protocol(int pahoVersion) {
        return switch (pahoVersion) {
            case MqttConnectOptions.MQTT_VERSION_3_1 -> ProtocolVersion.MQTT_3_1;
            case MqttConnectOptions.MQTT_VERSION_3_1_1 -> ProtocolVersion.MQTT_3_1_1;
            default -> throw new IllegalArgumentException("not a 3.x Paho version: " + pahoVersion);
        };
    }

    /** A raw client that has sent CONNECT and received a successful CONNACK; returns it. */
    static RawClient rawConnect(TestBroker broker, int pahoVersion, String clientId, boolean cleanSession,
                                int keepAliveSeconds, MqttPacket.Will will) {
        ProtocolVersion version = protocol(pahoVersion);
        RawClient raw = new RawClient(broker.port(), version);
        raw.send(new MqttPacket.Connect(version, clientId, cleanSession, keepAliveSeconds, will, null, null,
                MqttProperties.EMPTY));
        MqttPacket.ConnAck connAck = raw.receive(MqttPacket.ConnAck.class);
        if (connAck.reasonCode().isError()) {
            throw new AssertionError("CONNECT refused: " + connAck);
        }
        return raw;
    }

    static MqttConnectOptions options(int version, boolean cleanSession) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(version);
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(TIMEOUT_SECONDS);
        options.setKeepAliveInterval(60);
        options.setMaxInflight(1000);
        return options;
    }

    /** A new client with an inbox as its callback; not yet connected. */
    static MqttClient client(TestBroker broker, String clientId, Inbox inbox) throws MqttException {
        MqttClient client = new MqttClient(broker.uri(), clientId, new MemoryPersistence());
        client.setTimeToWait(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        client.setCallback(inbox);
        return client;
    }

    /** A connected client with a clean session. */
    static MqttClient connect(TestBroker broker, String clientId, int version, Inbox inbox) throws MqttException {
        MqttClient client = client(broker, clientId, inbox);
        client.connect(options(version, true));
        return client;
    }

    /** Disconnects (when still connected) and releases the client. */
    static void close(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** One PUBLISH as a Paho subscriber saw it. */
    record Arrival(String topic, String payload, int qos, boolean retained, boolean duplicate) {
        static Arrival of(String topic, MqttMessage message) {
            return new Arrival(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.getQos(),
                    message.isRetained(), message.isDuplicate());
        }
    }

    /**
     * Thread-safe (written by Paho's callback thread, read by the test thread): what one client received,
     * in arrival order, and whether its connection was lost.
     */
    static final class Inbox implements MqttCallback {

        private final LinkedBlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        private final CompletableFuture<Throwable> lost = new CompletableFuture<>();

        @Override
        public void connectionLost(Throwable cause) {
            lost.complete(cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            arrivals.add(Arrival.of(topic, message));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        /** The next arrival; fails when none comes within the timeout. */
        Arrival next() throws InterruptedException {
            Arrival arrival = arrivals.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (arrival == null) {
                throw new AssertionError("no message arrived within " + TIMEOUT_SECONDS + " s");
            }
            return arrival;
        }

        /** The next {@code count} arrivals, in order. */
        List<Arrival> next(int count) throws InterruptedException {
            List<Arrival> result = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                result.add(next());
            }
            return result;
        }

        /** Everything up to and including the first arrival with payload {@code marker}, in order. */
        List<Arrival> until(String marker) throws InterruptedException {
            List<Arrival> result = new ArrayList<>();
            Arrival arrival;
            do {
                arrival = next();
                result.add(arrival);
            } while (!arrival.payload().equals(marker));
            return result;
        }

        /** Everything up to, not including, the first arrival with payload {@code marker}. */
        List<Arrival> before(String marker) throws InterruptedException {
            List<Arrival> received = until(marker);
            return received.subList(0, received.size() - 1);
        }

        /** Payloads of everything up to, not including, the arrival with payload {@code marker}. */
        List<String> payloadsBefore(String marker) throws InterruptedException {
            return before(marker).stream().map(Arrival::payload).toList();
        }

        /** Whether connectionLost fired within the timeout. */
        boolean connectionLost() throws InterruptedException {
            try {
                lost.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException notLost) {
                return false;
            } catch (java.util.concurrent.ExecutionException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }
}
