package io.weft.core.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.weft.core.Broker;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.ReasonCode;
import io.weft.core.security.Authenticator;
import io.weft.core.security.EnhancedAuthenticator;
import io.weft.core.store.Stores;
import io.weft.core.testing.MetricSamples;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the broker's metrics live (a registry of its own, never the static default) and how they are named. */
class BrokerMetricsRegistryTest {

    private static Broker start(PrometheusRegistry registry) throws Exception {
        return Broker.start(TestBroker.settings(), Stores.inMemory(), Authenticator.ALLOW_ANONYMOUS,
                EnhancedAuthenticator.NONE, registry);
    }

    private static void connect(Broker broker, String clientId) {
        try (RawClient client = new RawClient(broker.localAddress().getPort(), ProtocolVersion.MQTT_5)) {
            client.send(new Connect(ProtocolVersion.MQTT_5, clientId, true, 0, null, null, null, MqttProperties.EMPTY));
            assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
    }

    @Test
    @DisplayName("two brokers in one JVM count into their own registries, and neither touches the default one")
    void eachBrokerHasItsOwnRegistry() {
        try (TestBroker first = TestBroker.start(); TestBroker second = TestBroker.start()) {
            connect(first.broker(), "only-here");
            assertThat(MetricSamples.scrape(first.broker().metricsRegistry())
                    .value("weft_connects_total", "result", "accepted", "reason", "success")).isEqualTo(1);
            assertThat(MetricSamples.scrape(second.broker().metricsRegistry())
                    .value("weft_connects_total", "result", "accepted", "reason", "success")).isEqualTo(0);
            assertThat(MetricSamples.scrape(PrometheusRegistry.defaultRegistry).names())
                    .noneMatch(name -> name.startsWith("weft_"));
        }
    }

    @Test
    @DisplayName("a registry passed in gets the broker's metrics until it closes; a second broker cannot share it")
    void aRegistryPassedIn() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        try (Broker broker = start(registry)) {
            connect(broker, "counted");
            assertThat(broker.metricsRegistry()).isSameAs(registry);
            assertThat(MetricSamples.scrape(registry).value("weft_connects_total", "result", "accepted",
                    "reason", "success")).isEqualTo(1);
            assertThatThrownBy(() -> start(registry)).isInstanceOf(IllegalArgumentException.class);
            assertThat(MetricSamples.scrape(registry).value("weft_connects_total", "result", "accepted",
                    "reason", "success")).as("still the first broker's").isEqualTo(1);
        }
        assertThat(MetricSamples.scrape(registry).names()).noneMatch(name -> name.startsWith("weft_"));
        try (Broker again = start(registry)) {
            assertThat(MetricSamples.scrape(registry).names()).contains("weft_connects_total");
        }
    }

    @Test
    @DisplayName("every dropped* and refused* counter is a reason of weft_messages_dropped_total, but the connection "
            + "refusals, which are CONNACK reasons of weft_connects_total")
    void everyDropCounterIsExposed() {
        BrokerCounters counters = new BrokerCounters();
        long dropFields = Arrays.stream(BrokerCounters.class.getFields())
                .filter(field -> field.getType() == LongAdder.class && !Modifier.isStatic(field.getModifiers()))
                .filter(field -> field.getName().matches("(dropped|refused)[A-Z].*"))
                .filter(field -> !field.getName().startsWith("refusedConnection"))
                .count();
        assertThat(BrokerMetrics.dropCounters(counters)).hasSize((int) dropFields)
                .containsKeys("queue_full", "slow_consumer", "too_large", "offline", "shared_queue_full", "expired",
                        "memory", "refused_disk_full", "refused_sys_topic", "refused_payload_format", "refused_memory")
                .containsEntry("offline", counters.droppedOffline);
        assertThat(BrokerMetrics.dropReason("droppedSharedQueueFull")).isEqualTo("shared_queue_full");
        assertThat(BrokerMetrics.dropReason("refusedDiskFull")).isEqualTo("refused_disk_full");
    }

    @Test
    @DisplayName("reason code labels: the constant's name in lower case; 0x00 is success in a CONNACK and "
            + "normal_disconnection in a DISCONNECT; none without a DISCONNECT")
    void reasonLabels() {
        assertThat(ReasonLabels.connect(ReasonCode.SUCCESS)).isEqualTo("success");
        assertThat(ReasonLabels.connect(ReasonCode.SERVER_BUSY)).isEqualTo("server_busy");
        assertThat(ReasonLabels.connect(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION))
                .isEqualTo("unsupported_protocol_version");
        assertThat(ReasonLabels.disconnect(ReasonCode.NORMAL_DISCONNECTION)).isEqualTo("normal_disconnection");
        assertThat(ReasonLabels.disconnect(ReasonCode.KEEP_ALIVE_TIMEOUT)).isEqualTo("keep_alive_timeout");
        assertThat(ReasonLabels.disconnect(null)).isEqualTo("none");
        assertThat(ReasonLabels.connect(new ReasonCode(0x7F))).isEqualTo("0x7f");
    }
}
