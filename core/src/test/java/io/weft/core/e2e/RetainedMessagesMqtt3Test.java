package io.weft.core.e2e;

import io.weft.core.e2e.Mqtt3Clients.Arrival;
import io.weft.core.e2e.Mqtt3Clients.Inbox;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static io.weft.core.e2e.Mqtt3Clients.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Retained messages with Paho, for MQTT 3.1 and 3.1.1. After each SUBSCRIBE the publisher sends a
 * non-retained QoS 2 end marker: the broker queues retained messages right after the SUBACK, so everything
 * retained arrives before the marker (Paho hands a QoS 2 message over only at PUBREL, so only a marker at
 * the highest delivered QoS is a reliable fence).
 */
class RetainedMessagesMqtt3Test {

    @RegisterExtension
    final PahoBrokerExtension paho = new PahoBrokerExtension();

    /** A new subscriber to {@code filter}: what arrived before the end marker the publisher sends. */
    private List<Arrival> retainedFor(String clientId, int version, String filter, int qos, MqttClient publisher,
                                      String markerTopic) throws Exception {
        Inbox inbox = paho.subscribe(clientId, version, filter, qos);
        publisher.publish(markerTopic, bytes("end"), 2, false);
        return inbox.before("end");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("a retained message is replaced [MQTT-3.3.1-5], sent on subscribe with RETAIN 1 [MQTT-3.3.1-6], "
            + "cleared by an empty payload [MQTT-3.3.1-10]")
    void setReplaceAndClear(int version) throws Exception {
        MqttClient publisher = paho.connect("pub", version);
        publisher.publish("r/t", bytes("v1"), 1, true);
        publisher.publish("r/t", bytes("v2"), 1, true);

        Inbox existing = paho.subscribe("existing", version, "r/#", 1);
        Arrival retained = existing.next();
        assertThat(retained).isEqualTo(new Arrival("r/t", "v2", 1, true, false));

        publisher.publish("r/t", new byte[0], 1, true);
        // The empty retained PUBLISH still goes to current subscribers, as a live message [MQTT-3.3.1-10].
        assertThat(existing.next()).isEqualTo(new Arrival("r/t", "", 1, false, false));

        assertThat(retainedFor("late", version, "r/#", 1, publisher, "r/end")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("live deliveries to existing subscriptions carry RETAIN 0 [MQTT-3.3.1-9]; new ones get RETAIN 1 "
            + "at min(QoS, granted QoS)")
    void retainFlagOnLiveAndStoredDeliveries(int version) throws Exception {
        Inbox live = paho.subscribe("live", version, "flag/#", 2);
        MqttClient publisher = paho.connect("pub", version);

        publisher.publish("flag/x", bytes("kept"), 2, true);
        assertThat(live.next()).isEqualTo(new Arrival("flag/x", "kept", 2, false, false));

        assertThat(retainedFor("qos1", version, "flag/#", 1, publisher, "flag/end"))
                .containsExactly(new Arrival("flag/x", "kept", 1, true, false));
        assertThat(retainedFor("qos2", version, "flag/+", 2, publisher, "flag/end"))
                .containsExactly(new Arrival("flag/x", "kept", 2, true, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("a wildcard subscription gets every matching retained message, '$' topics not by '#' [MQTT-4.7.2-1]")
    void wildcardSubscriptionGetsAllMatchingRetained(int version) throws Exception {
        MqttClient publisher = paho.connect("pub", version);
        publisher.publish("shelf/a", bytes("a"), 1, true);
        publisher.publish("shelf/b", bytes("b"), 0, true);
        publisher.publish("shelf/c/d", bytes("cd"), 2, true);
        publisher.publish("other/e", bytes("e"), 1, true);
        publisher.publish("$internal/f", bytes("f"), 1, true);

        assertThat(retainedFor("plus", version, "shelf/+", 2, publisher, "shelf/end"))
                .extracting(Arrival::topic, Arrival::qos, Arrival::retained)
                .containsExactlyInAnyOrder(tuple("shelf/a", 1, true), tuple("shelf/b", 0, true));
        assertThat(retainedFor("hash", version, "#", 2, publisher, "marker"))
                .extracting(Arrival::topic)
                .containsExactlyInAnyOrder("shelf/a", "shelf/b", "shelf/c/d", "other/e");
        assertThat(retainedFor("dollar", version, "$internal/+", 2, publisher, "$internal/end"))
                .extracting(Arrival::topic).containsExactly("$internal/f");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("a QoS 0 retained message replaces the stored one [MQTT-3.3.1-7]; resubscribing re-sends it "
            + "[MQTT-3.8.4-3]")
    void qosZeroReplacesAndResubscribeResends(int version) throws Exception {
        MqttClient publisher = paho.connect("pub", version);
        publisher.publish("z/t", bytes("qos 1"), 1, true);
        publisher.publish("z/t", bytes("qos 0"), 0, true);

        Inbox inbox = new Inbox();
        MqttClient subscriber = paho.connect("sub", version, inbox);
        subscriber.subscribe("z/#", 1);
        assertThat(inbox.next()).isEqualTo(new Arrival("z/t", "qos 0", 0, true, false));

        subscriber.subscribe("z/#", 1);
        publisher.publish("z/end", bytes("end"), 1, false);
        assertThat(inbox.until("end")).extracting(Arrival::payload, Arrival::retained)
                .containsExactly(tuple("qos 0", true), tuple("end", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("clearing a topic that holds no retained message is harmless and still delivered live")
    void clearingAnAbsentRetainedMessage(int version) throws Exception {
        Inbox inbox = paho.subscribe("sub", version, "none/#", 1);
        MqttClient publisher = paho.connect("pub", version);

        publisher.publish("none/t", new byte[0], 1, true);
        assertThat(inbox.next()).isEqualTo(new Arrival("none/t", "", 1, false, false));
        assertThat(retainedFor("late", version, "none/#", 1, publisher, "none/end")).isEmpty();
    }
}
