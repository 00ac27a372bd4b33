package io.weft.core.protocol;

import io.weft.core.BrokerSettings;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.QoS;
import io.weft.core.codec.MqttPacket.PingResp;
import io.weft.core.codec.MqttPacket.PingReq;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.security.Authenticator;
import io.weft.core.session.Session;
import io.weft.core.store.Stores;
import io.weft.core.testing.InMemoryJournal;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Owned by the test thread: a broker on an {@link InMemoryJournal} that can be restarted on the same journal,
 * which is how the recovery tests simulate a stop and a start of the process.
 */
final class JournalBroker implements AutoCloseable {

    final InMemoryJournal journal;
    private final Supplier<Stores> stores;
    private final BrokerSettings settings = TestBroker.settings();
    private TestBroker current;

    JournalBroker() {
        this(new InMemoryJournal());
    }

    JournalBroker(InMemoryJournal journal) {
        this(journal, journal::stores);
    }

    JournalBroker(InMemoryJournal journal, Supplier<Stores> stores) {
        this.journal = journal;
        this.stores = stores;
    }

    /** Starts a broker on the journal (recovering what it holds). */
    TestBroker start() {
        current = TestBroker.start(settings, stores.get(), Authenticator.ALLOW_ANONYMOUS);
        return current;
    }

    /** Stops the running broker and starts a new one on the same journal. */
    TestBroker restart() {
        current.close();
        return start();
    }

    TestBroker broker() {
        return current;
    }

    /** A persistent session (clean session 0, 5.0 expiry 3600 s) connected; returns its CONNACK's session present. */
    RawClient persistent(ProtocolVersion version, String clientId, boolean expectSessionPresent) {
        RawClient client = Clients.persistent(current, version, clientId);
        ConnAck ack = client.receive(ConnAck.class);
        assertThat(ack.sessionPresent()).as("session present for %s", clientId).isEqualTo(expectSessionPresent);
        return client;
    }

    /**
     * PINGREQ / PINGRESP: the broker's reader has handled every packet sent before, so what they hand the
     * ring (acknowledgements to journal) is in it before a restart drains the ring.
     */
    static void roundTrip(RawClient client) {
        client.send(new PingReq());
        client.receive(PingResp.class);
    }

    /** Closes the client and waits until the broker has detached its session (still registered). */
    void goOffline(RawClient client, String clientId) {
        client.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Session session = current.broker().sessions().get(clientId);
            return session != null && !session.isConnected();
        });
    }

    /** A PUBLISH from a client, without properties. */
    static Publish publish(boolean dup, QoS qos, boolean retain, int packetId, String topic, String text) {
        return new Publish(dup, qos, retain, topic, packetId, MqttProperties.EMPTY,
                text.getBytes(StandardCharsets.UTF_8));
    }

    static String text(Publish publish) {
        return new String(publish.payload(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
        }
    }
}
