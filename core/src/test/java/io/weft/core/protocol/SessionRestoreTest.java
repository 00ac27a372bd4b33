package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.MqttPacket.Unsubscribe;
import io.weft.core.codec.MqttPacket.UnsubAck;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.session.SessionRegistry;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.InMemorySessionStore;
import io.weft.core.store.MessageLog;
import io.weft.core.store.RetainedStore;
import io.weft.core.store.SessionStore.StoredSession;
import io.weft.core.store.Stores;
import io.weft.core.security.Authenticator;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The storage ports at start-up and at run time: stored sessions are restored, changes are written back. */
class SessionRestoreTest {

    @Test
    @DisplayName("a stored persistent session is restored: subscriptions route, the client resumes it [MQTT-3.2.2-2]")
    void storedSessionIsRestored() {
        InMemorySessionStore store = new InMemorySessionStore();
        store.save(new StoredSession("keeper", SessionRegistry.NEVER_EXPIRES, Map.of("t/#",
                new SubscriptionOptions(QoS.AT_LEAST_ONCE, false, false, RetainHandling.SEND_ON_SUBSCRIBE, 0))));
        Stores stores = new Stores(MessageLog.NONE, store, RetainedStore.NONE);
        try (TestBroker broker = TestBroker.start(TestBroker.settings(), stores, Authenticator.ALLOW_ANONYMOUS);
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "publisher")) {
            publisher.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "t/x", 1, MqttProperties.EMPTY,
                    "while away".getBytes(StandardCharsets.UTF_8)));
            publisher.receive(PubAck.class);

            try (RawClient keeper = Clients.persistent(broker, ProtocolVersion.MQTT_3_1_1, "keeper")) {
                ConnAck ack = keeper.receive(ConnAck.class);
                assertThat(ack.sessionPresent()).isTrue();
                Publish queued = keeper.receive(Publish.class);
                assertThat(queued.topic()).isEqualTo("t/x");
                assertThat(new String(queued.payload(), StandardCharsets.UTF_8)).isEqualTo("while away");

                keeper.send(new PubAck(queued.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
                keeper.send(new Unsubscribe(2, java.util.List.of("t/#"), MqttProperties.EMPTY));
                keeper.receive(UnsubAck.class);
                await().untilAsserted(() -> assertThat(store.loadAll()).singleElement()
                        .satisfies(stored -> assertThat(stored.subscriptions()).isEmpty()));
            }
        }
    }

    @Test
    @DisplayName("a clean session is never written to the session store; a discarded one is removed")
    void cleanSessionsAreNotStored() {
        InMemorySessionStore store = new InMemorySessionStore();
        Stores stores = new Stores(MessageLog.NONE, store, RetainedStore.NONE);
        try (TestBroker broker = TestBroker.start(TestBroker.settings(), stores, Authenticator.ALLOW_ANONYMOUS)) {
            try (RawClient clean = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "clean")) {
                Clients.subscribe(clean, 1, "a/b", QoS.AT_MOST_ONCE);
            }
            try (RawClient persistent = Clients.persistent(broker, ProtocolVersion.MQTT_3_1_1, "durable")) {
                persistent.receive(ConnAck.class);
                Clients.subscribe(persistent, 1, "a/b", QoS.AT_LEAST_ONCE);
            }
            await().untilAsserted(() -> assertThat(store.loadAll()).extracting(StoredSession::clientId)
                    .containsExactly("durable"));
            // Clean session with the same id discards the stored session [MQTT-3.1.2-6] (3.1.1).
            try (RawClient again = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "durable")) {
                Clients.expectNothingQueued(again);
            }
            await().untilAsserted(() -> assertThat(store.loadAll()).isEmpty());
        }
    }
}
