package io.weft.core.e2e;

import io.weft.core.BrokerSettings;
import io.weft.core.e2e.Mqtt3Clients.Inbox;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Owned by the JUnit test thread; clients may be tracked from other threads too (the queues are concurrent).
 * Starts a {@link TestBroker} before each test; after each closes the clients it handed out, then the broker.
 * Use as a non-static {@code @RegisterExtension} field, so each test gets its own.
 */
final class PahoBrokerExtension implements BeforeEachCallback, AfterEachCallback {

    private final Queue<MqttClient> clients = new ConcurrentLinkedQueue<>();
    private final Queue<RawClient> raws = new ConcurrentLinkedQueue<>();
    private BrokerSettings settings;
    private TestBroker broker;

    @Override
    public void beforeEach(ExtensionContext context) {
        settings = TestBroker.settings();
        broker = TestBroker.start(settings);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        // Close everything even when one close fails, then report the first failure.
        Exception failure = null;
        for (MqttClient client : clients) {
            try {
                Mqtt3Clients.close(client);
            } catch (MqttException | RuntimeException closeFailed) {
                failure = first(failure, closeFailed);
            }
        }
        for (RawClient raw : raws) {
            try {
                raw.close();
            } catch (RuntimeException closeFailed) {
                failure = first(failure, closeFailed);
            }
        }
        clients.clear();
        raws.clear();
        broker.close();
        if (failure != null) {
            throw failure;
        }
    }

    private static Exception first(Exception earlier, Exception later) {
        if (earlier == null) {
            return later;
        }
        earlier.addSuppressed(later);
        return earlier;
    }

    TestBroker broker() {
        return broker;
    }

    /** The settings this test's broker was started with. */
    BrokerSettings settings() {
        return settings;
    }

    /** A new client with an inbox as its callback, not yet connected; closed after the test. */
    MqttClient client(String clientId, Inbox inbox) throws MqttException {
        MqttClient client = Mqtt3Clients.client(broker, clientId, inbox);
        clients.add(client);
        return client;
    }

    /** A client connected with a clean session; closed after the test. */
    MqttClient connect(String clientId, int version, Inbox inbox) throws MqttException {
        MqttClient client = client(clientId, inbox);
        client.connect(Mqtt3Clients.options(version, true));
        return client;
    }

    /** A connected clean-session client whose arrivals nobody reads (a publisher). */
    MqttClient connect(String clientId, int version) throws MqttException {
        return connect(clientId, version, new Inbox());
    }

    /** A connected clean-session client subscribed to {@code filter}; returns its inbox. */
    Inbox subscribe(String clientId, int version, String filter, int qos) throws MqttException {
        Inbox inbox = new Inbox();
        connect(clientId, version, inbox).subscribe(filter, qos);
        return inbox;
    }

    /** A connected clean-session client subscribed to all {@code filters} in one SUBSCRIBE; returns its inbox. */
    Inbox subscribe(String clientId, int version, String[] filters, int[] qos) throws MqttException {
        Inbox inbox = new Inbox();
        connect(clientId, version, inbox).subscribe(filters, qos);
        return inbox;
    }

    /** A raw client for the protocol of a Paho version, not yet connected; closed after the test. */
    RawClient raw(int pahoVersion) {
        RawClient raw = new RawClient(broker.port(), Mqtt3Clients.protocol(pahoVersion));
        raws.add(raw);
        return raw;
    }
}
