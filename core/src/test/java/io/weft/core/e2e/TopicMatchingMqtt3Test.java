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
 * Wildcards, '$' topics, unsubscribe and overlapping subscriptions with Paho, for MQTT 3.1 and 3.1.1.
 * "Not delivered" is proven with an end marker published afterwards by the same publisher: per-publisher
 * order means anything that was going to arrive arrives before it. Paho hands a QoS 2 message to the
 * application only at PUBREL, after later QoS 0/1 messages, so the marker has the highest QoS involved.
 */
class TopicMatchingMqtt3Test {

    @RegisterExtension
    final PahoBrokerExtension paho = new PahoBrokerExtension();

    private static void publish(MqttClient publisher, String topic, String payload, int qos) throws Exception {
        publisher.publish(topic, bytes(payload), qos, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("'+' matches exactly one level, '#' the parent and any number of levels [MQTT-4.7.1-2], [MQTT-4.7.1-3]")
    void singleAndMultiLevelWildcards(int version) throws Exception {
        Inbox inbox = paho.subscribe("sub", version, new String[] {"sport/+/score", "news/#"}, new int[] {1, 1});
        MqttClient publisher = paho.connect("pub", version);

        for (String topic : List.of("sport/tennis/score", "sport/tennis/player/score", "sport/score",
                "sport//score", "news", "news/world/europe", "newsroom", "sports/tennis/score", "News/x")) {
            publish(publisher, topic, topic, 1);
        }
        publish(publisher, "news/end", "end", 1);

        assertThat(inbox.until("end")).extracting(Arrival::topic).containsExactly(
                "sport/tennis/score", "sport//score", "news", "news/world/europe", "news/end");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("filters starting with a wildcard do not match '$' topics [MQTT-4.7.2-1]; '$internal/#' does")
    void dollarTopicsNotMatchedByLeadingWildcards(int version) throws Exception {
        Inbox everything = paho.subscribe("everything", version, "#", 1);
        Inbox statuses = paho.subscribe("statuses", version, "+/status", 1);
        Inbox internal = paho.subscribe("internal", version, "$internal/#", 1);
        MqttClient publisher = paho.connect("pub", version);

        publish(publisher, "$internal/status", "dollar", 1);
        publish(publisher, "plain/status", "plain", 1);
        publish(publisher, "end/status", "end", 1);
        publish(publisher, "$internal/end", "end", 1);

        assertThat(everything.until("end")).extracting(Arrival::topic).containsExactly("plain/status", "end/status");
        assertThat(statuses.until("end")).extracting(Arrival::topic).containsExactly("plain/status", "end/status");
        assertThat(internal.until("end")).extracting(Arrival::topic)
                .containsExactly("$internal/status", "$internal/end");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("after UNSUBSCRIBE no new messages arrive for that filter [MQTT-3.10.4-2]; others are unaffected")
    void unsubscribeStopsDelivery(int version) throws Exception {
        Inbox inbox = new Inbox();
        MqttClient subscriber = paho.connect("sub", version, inbox);
        subscriber.subscribe(new String[] {"u/a", "u/+/deep"}, new int[] {1, 2});
        MqttClient publisher = paho.connect("pub", version);
        publish(publisher, "u/a", "before", 1);
        assertThat(inbox.next().payload()).isEqualTo("before");

        subscriber.unsubscribe("u/a");
        subscriber.unsubscribe("never/subscribed"); // still answered with UNSUBACK [MQTT-3.10.4-5]
        publish(publisher, "u/a", "after", 1);
        publish(publisher, "u/a", "after qos 0", 0);
        publish(publisher, "u/x/deep", "end", 1);

        assertThat(inbox.payloadsBefore("end")).isEmpty();

        subscriber.unsubscribe("u/+/deep");
        publish(publisher, "u/x/deep", "gone", 2);
        subscriber.subscribe("u/a", 2);
        publish(publisher, "u/a", "end", 2);
        assertThat(inbox.payloadsBefore("end")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("overlapping subscriptions deliver one copy at the highest granted QoS [MQTT-3.3.5-1]")
    void overlappingSubscriptionsDeliverOneCopy(int version) throws Exception {
        Inbox inbox = paho.subscribe("sub", version, new String[] {"o/#", "o/+/x", "o/a/x"}, new int[] {0, 2, 1});
        MqttClient publisher = paho.connect("pub", version);

        publish(publisher, "o/a/x", "all three", 2);
        publish(publisher, "o/a/y", "only o/#", 2);
        publish(publisher, "o/b/x", "qos 1 publish", 1);
        publish(publisher, "o/z/x", "end", 2);

        // The delivered QoS is still capped by the publish QoS [MQTT-3.8.4-8]. Any order: Paho reorders QoS 2.
        assertThat(inbox.until("end")).extracting(Arrival::topic, Arrival::qos).containsExactlyInAnyOrder(
                tuple("o/a/x", 2), tuple("o/a/y", 0), tuple("o/b/x", 1), tuple("o/z/x", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("a SUBSCRIBE for an existing filter replaces it: one copy at the new QoS [MQTT-3.8.4-3]")
    void resubscribeReplacesSubscription(int version) throws Exception {
        Inbox inbox = new Inbox();
        MqttClient subscriber = paho.connect("sub", version, inbox);
        subscriber.subscribe("r/x", 2);
        subscriber.subscribe("r/x", 1);
        MqttClient publisher = paho.connect("pub", version);

        publish(publisher, "r/x", "first", 2);
        publish(publisher, "r/x", "end", 2);

        assertThat(inbox.until("end")).extracting(Arrival::payload, Arrival::qos)
                .containsExactly(tuple("first", 1), tuple("end", 1));
    }
}
