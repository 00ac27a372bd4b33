package io.weft.core.e2e;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.weft.core.ProtocolSettings;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The MQTT 5 features of the protocol layer as HiveMQ's and Paho's MQTT 5 clients see them. */
class ProtocolFeaturesMqtt5Test {

    @Test
    @DisplayName("HiveMQ reads the restricted CONNACK: Receive Maximum, Topic Alias Maximum, Maximum QoS [MQTT-3.2.2-9], Retain / Wildcard / Subscription Identifiers / Shared unavailable, Server Keep Alive [MQTT-3.2.2-21], Response Information")
    void hiveMqReadsRestrictions() {
        ProtocolSettings restricted = new ProtocolSettings(100, 10, 0, 30, 1, false, false, false, false, "reply/");
        try (TestBroker broker = TestBroker.start(TestBroker.settings().with(restricted))) {
            Mqtt5BlockingClient client = HiveClients.client(broker, "restricted");
            Mqtt5ConnAck connAck = client.connectWith().keepAlive(600)
                    .restrictions().requestResponseInformation(true).applyRestrictions().send();
            Mqtt5ConnAckRestrictions restrictions = connAck.getRestrictions();
            assertThat(restrictions.getReceiveMaximum()).isEqualTo(100);
            assertThat(restrictions.getTopicAliasMaximum()).isEqualTo(10);
            assertThat(restrictions.getMaximumQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(restrictions.isRetainAvailable()).isFalse();
            assertThat(restrictions.isWildcardSubscriptionAvailable()).isFalse();
            assertThat(restrictions.areSubscriptionIdentifiersAvailable()).isFalse();
            assertThat(restrictions.isSharedSubscriptionAvailable()).isFalse();
            assertThat(connAck.getServerKeepAlive()).hasValue(30);
            assertThat(connAck.getResponseInformation()).map(Object::toString).contains("reply/restricted");
            client.disconnect();
        }
    }

    @Test
    @DisplayName("Paho v5 asking keep alive 0 gets Server Keep Alive [MQTT-3.2.2-21]")
    void pahoGetsServerKeepAlive() throws Exception {
        ProtocolSettings limited = new ProtocolSettings(1024, 64, 64, 45, 2, true, true, true, true, "");
        try (TestBroker broker = TestBroker.start(TestBroker.settings().with(limited))) {
            MqttClient client = PahoRecorder.client(broker.uri(), "paho-keepalive", new PahoRecorder());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setKeepAliveInterval(0);
            IMqttToken token = client.connectWithResult(options);
            assertThat(token.getResponseProperties().getServerKeepAlive()).isEqualTo(45);
            client.disconnect();
        }
    }

    /**
     * HiveMQ only: Paho v5 1.2.5 does not resolve aliases it receives (its messageArrived sees an empty topic,
     * eclipse-paho/paho.mqtt.java#866), so a Paho subscriber cannot check the outbound direction.
     */
    @Test
    @DisplayName("topic aliases both ways with HiveMQ: a subscriber accepting 2 aliases gets 3 topics right, from a publisher using aliases [MQTT-3.3.2-11]")
    void aliasedMessagesArriveWithTheirTopics() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt5BlockingClient subscriber = HiveClients.client(broker, "hive-aliases");
            subscriber.connectWith().restrictions().topicAliasMaximum(2).applyRestrictions().send();
            try (Mqtt5Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
                subscriber.subscribeWith().topicFilter("alias/#").qos(MqttQos.AT_LEAST_ONCE).send();
                Mqtt5BlockingClient publisher = HiveClients.client(broker, "hive-publisher");
                publisher.connectWith().restrictions().sendTopicAliasMaximum(8).applyRestrictions().send();
                List<String> sent = new ArrayList<>();
                String[] topics = {"alias/one", "alias/two", "alias/three"}; // three topics, two aliases
                for (int i = 0; i < 12; i++) {
                    String topic = topics[i % topics.length];
                    sent.add(topic + "=" + i);
                    publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                            .payload(String.valueOf(i).getBytes(StandardCharsets.UTF_8)).send();
                }
                List<String> received = new ArrayList<>();
                for (int i = 0; i < sent.size(); i++) {
                    Mqtt5Publish message = HiveClients.receive(publishes);
                    received.add(message.getTopic() + "=" + HiveClients.text(message));
                }
                assertThat(received).containsExactlyElementsOf(sent);
                publisher.disconnect();
            }
            subscriber.disconnect();
        }
    }

    @Test
    @DisplayName("request/response with HiveMQ: response topic, correlation data, user properties, content type and payload format pass through both ways [MQTT-3.3.2-15..20]")
    void requestResponseRoundTrip() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt5BlockingClient requester = HiveClients.client(broker, "requester");
            requester.connect();
            Mqtt5BlockingClient responder = HiveClients.client(broker, "responder");
            responder.connect();
            try (Mqtt5Publishes requests = responder.publishes(MqttGlobalPublishFilter.ALL);
                 Mqtt5Publishes responses = requester.publishes(MqttGlobalPublishFilter.ALL)) {
                responder.subscribeWith().topicFilter("service/time").qos(MqttQos.AT_LEAST_ONCE).send();
                requester.subscribeWith().topicFilter("replies/requester").qos(MqttQos.AT_LEAST_ONCE).send();
                requester.publishWith().topic("service/time").qos(MqttQos.AT_LEAST_ONCE)
                        .responseTopic("replies/requester").correlationData(new byte[] {1, 2, 3})
                        .contentType("text/plain").payloadFormatIndicator(
                                com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator.UTF_8)
                        .userProperties().add("trace", "t-1").applyUserProperties()
                        .payload("what time is it?".getBytes(StandardCharsets.UTF_8)).send();

                Mqtt5Publish request = HiveClients.receive(requests);
                assertThat(request.getResponseTopic()).map(Object::toString).contains("replies/requester");
                assertThat(request.getContentType()).map(Object::toString).contains("text/plain");
                assertThat(request.getUserProperties().asList()).extracting(p -> p.getName() + "=" + p.getValue())
                        .containsExactly("trace=t-1");
                responder.publishWith().topic(request.getResponseTopic().orElseThrow())
                        .correlationData(request.getCorrelationData().orElseThrow()).qos(MqttQos.AT_LEAST_ONCE)
                        .payload("noon".getBytes(StandardCharsets.UTF_8)).send();

                Mqtt5Publish response = HiveClients.receive(responses);
                assertThat(response.getTopic().toString()).isEqualTo("replies/requester");
                assertThat(response.getCorrelationData()).contains(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                assertThat(HiveClients.text(response)).isEqualTo("noon");
            }
            responder.disconnect();
            requester.disconnect();
        }
    }
}
