package io.weft.core.plugin;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.weft.core.BrokerSettings;
import io.weft.core.PluginSettings;
import io.weft.core.testing.TestBroker;
import io.weft.spi.Qos;
import io.weft.spi.event.BrokerEvent;
import io.weft.spi.event.DisconnectReason;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Event listener plugins: what they receive, and that a slow, hanging or failing one never holds the broker up. */
class EventListenerTest {

    private static List<BrokerEvent> events(String listener) {
        return TestPlugins.EVENTS.getOrDefault(listener, List.of());
    }

    @Test
    @DisplayName("connect, subscribe, publish, unsubscribe, disconnect and a refused connect reach the listener in order")
    void listenerSeesTheClientsLife() {
        PluginSpec audit = PluginSpec.of("audit", "test-listener", Map.of());
        PluginSpec users = PluginSpec.of("users", "test-users", Map.of("users", Map.of("alice", "secret")));
        try (TestBroker broker = TestBroker.startWithPlugins(TestBroker.settings(), users, audit)) {
            Mqtt5BlockingClient alice = PluginChainTest.hive(broker, "alice-1");
            alice.connectWith().simpleAuth().username("alice").password("secret".getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().send();
            alice.subscribeWith().topicFilter("audit/#").qos(MqttQos.AT_LEAST_ONCE).send();
            alice.publishWith().topic("audit/x").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {7}).send();
            alice.unsubscribeWith().topicFilter("audit/#").send();
            alice.disconnect();
            PluginChainTest.refusal(broker, "alice", "wrong");

            await().atMost(Duration.ofSeconds(5)).until(() -> events("audit").stream()
                    .anyMatch(BrokerEvent.ConnectRefused.class::isInstance));
            List<BrokerEvent> seen = events("audit");
            assertThat(seen).map(event -> event.getClass().getSimpleName()).containsSubsequence("ClientConnected",
                    "Subscribed", "Published", "Unsubscribed", "ClientDisconnected", "ConnectRefused");
            BrokerEvent.ClientConnected connected = (BrokerEvent.ClientConnected) seen.getFirst();
            assertThat(connected.clientId()).isEqualTo("alice-1");
            assertThat(connected.principal().name()).isEqualTo("alice");
            BrokerEvent.Published published = seen.stream().filter(BrokerEvent.Published.class::isInstance)
                    .map(BrokerEvent.Published.class::cast).findFirst().orElseThrow();
            assertThat(published.topic()).isEqualTo("audit/x");
            assertThat(published.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
            assertThat(published.payload().get()).isEqualTo((byte) 7);
            BrokerEvent.ClientDisconnected disconnected = seen.stream()
                    .filter(BrokerEvent.ClientDisconnected.class::isInstance)
                    .map(BrokerEvent.ClientDisconnected.class::cast).findFirst().orElseThrow();
            assertThat(disconnected.reason()).isEqualTo(DisconnectReason.CLIENT_DISCONNECTED);
            assertThat(((BrokerEvent.ConnectRefused) seen.getLast()).reasonCode()).isEqualTo(0x86);
        }
    }

    @Test
    @DisplayName("a listener that hangs loses events beyond its queue and is interrupted; publishers never wait for it")
    void hangingListenerDoesNotSlowTheBroker() throws Exception {
        BrokerSettings defaults = TestBroker.settings();
        PluginSettings plugins = defaults.plugins();
        BrokerSettings settings = defaults.with(new PluginSettings(plugins.directory(), Duration.ofMillis(200),
                plugins.startTimeout(), 4, plugins.anonymous(), plugins.reloadInterval()));
        PluginSpec stuck = PluginSpec.of("stuck", "test-listener", Map.of("block", "true", "only", List.of("Published")));
        PluginSpec broken = PluginSpec.of("broken", "test-listener", Map.of("fail", "true", "only", List.of("Published")));
        try (TestBroker broker = TestBroker.startWithPlugins(settings, stuck, broken)) {
            Mqtt5BlockingClient client = PluginChainTest.hive(broker, "flood");
            client.connect();
            client.subscribeWith().topicFilter("flood/#").qos(MqttQos.AT_MOST_ONCE).send();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
                for (int index = 0; index < 200; index++) {
                    client.publishWith().topic("flood/" + index).qos(MqttQos.AT_MOST_ONCE).send();
                }
                for (int index = 0; index < 200; index++) {
                    assertThat(publishes.receive(5, TimeUnit.SECONDS)).as("message " + index).isPresent();
                }
            }
            client.disconnect();
            // it threw on every event and still got the next ones (as many as its own 4-event queue let through)
            await().atMost(Duration.ofSeconds(10)).until(() -> events("broken").size() > 1);
            var metrics = broker.plugins().calls().telemetry().registry().scrape();
            double dropped = metrics.stream()
                    .filter(metric -> metric.getMetadata().getPrometheusName().equals("weft_plugin_events_dropped"))
                    .flatMap(metric -> metric.getDataPoints().stream())
                    .filter(point -> "stuck".equals(point.getLabels().get("plugin")))
                    .mapToDouble(point -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot)
                            point).getValue()).sum();
            assertThat(dropped).as("events the stuck listener's queue had no room for").isPositive();
            await().atMost(Duration.ofSeconds(5)).until(() -> metrics(broker, "stuck", "timeout") > 0);
        }
    }

    @Test
    @DisplayName("a message too large for a subscriber's Maximum Packet Size [MQTT-3.1.2-24] is a MessageDropped event")
    void dropsAreEvents() {
        PluginSpec drops = PluginSpec.of("drops", "test-listener", Map.of("only", List.of("MessageDropped")));
        try (TestBroker broker = TestBroker.startWithPlugins(TestBroker.settings(), drops)) {
            Mqtt5BlockingClient small = com.hivemq.client.mqtt.mqtt5.Mqtt5Client.builder().identifier("small")
                    .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
            small.connectWith().restrictions().maximumPacketSize(128).applyRestrictions().send();
            small.subscribeWith().topicFilter("big/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient publisher = PluginChainTest.hive(broker, "publisher");
            publisher.connect();
            publisher.publishWith().topic("big/1").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[1024]).send();
            await().atMost(Duration.ofSeconds(5)).until(() -> !events("drops").isEmpty());
            BrokerEvent.MessageDropped dropped = (BrokerEvent.MessageDropped) events("drops").getFirst();
            assertThat(dropped.clientId()).isEqualTo("small");
            assertThat(dropped.topic()).isEqualTo("big/1");
            assertThat(dropped.reason()).isEqualTo(io.weft.spi.event.DropReason.TOO_LARGE);
            assertThat(events("drops")).allMatch(BrokerEvent.MessageDropped.class::isInstance);
            publisher.disconnect();
            small.disconnect();
        }
    }

    static double metrics(TestBroker broker, String plugin, String kind) {
        return broker.plugins().calls().telemetry().registry().scrape().stream()
                .filter(metric -> metric.getMetadata().getPrometheusName().equals("weft_plugin_call_errors"))
                .flatMap(metric -> metric.getDataPoints().stream())
                .filter(point -> plugin.equals(point.getLabels().get("plugin"))
                        && kind.equals(point.getLabels().get("kind")))
                .mapToDouble(point -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot)
                        point).getValue()).sum();
    }
}
