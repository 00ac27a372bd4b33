package io.weft.core.e2e;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.Will;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.weft.core.e2e.HiveClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Will messages with MQTT 5 properties, and the client's Maximum Packet Size. */
class WillAndPacketSizeMqtt5Test {

    private TestBroker broker;
    private Mqtt5BlockingClient watcher;
    private Mqtt5Publishes watched;

    @BeforeEach
    void start() {
        broker = TestBroker.start();
        watcher = hive("watcher");
        watcher.connect();
        watched = watcher.publishes(MqttGlobalPublishFilter.ALL);
        watcher.subscribeWith().topicFilter("will/#").qos(MqttQos.AT_LEAST_ONCE).send();
    }

    @AfterEach
    void stop() {
        watched.close();
        watcher.disconnect();
        broker.close();
    }

    private Mqtt5BlockingClient hive(String identifier) {
        return HiveClients.client(broker, identifier);
    }

    private static List<String> userProperties(Mqtt5Publish publish) {
        return publish.getUserProperties().asList().stream().map(p -> p.getName() + "=" + p.getValue()).toList();
    }

    @Test
    @DisplayName("a Paho will with a user property is published with it when the connection drops [MQTT-3.1.2-8]")
    void willOnAbnormalDisconnect() throws Exception {
        MqttClient mortal = PahoRecorder.client(broker.uri(), "mortal", new PahoRecorder());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setWill("will/mortal", new MqttMessage("gone".getBytes(StandardCharsets.UTF_8), 1, false, null));
        org.eclipse.paho.mqttv5.common.packet.MqttProperties willProperties =
                new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        willProperties.setUserProperties(List.of(new UserProperty("cause", "crash")));
        willProperties.setContentType("text/plain");
        options.setWillMessageProperties(willProperties);
        mortal.connect(options);
        mortal.disconnectForcibly(0, 1_000, false); // the socket closes without DISCONNECT

        Mqtt5Publish will = HiveClients.receive(watched);
        assertThat(will.getTopic().toString()).isEqualTo("will/mortal");
        assertThat(text(will)).isEqualTo("gone");
        assertThat(will.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        assertThat(userProperties(will)).containsExactly("cause=crash");
        assertThat(will.getContentType()).map(Object::toString).contains("text/plain");
        mortal.close(true);
    }

    @Test
    @DisplayName("DISCONNECT 0x04 publishes the will; DISCONNECT 0x00 discards it [MQTT-3.14.4-3]")
    void disconnectWithWillMessage() throws Exception {
        Mqtt5BlockingClient polite = hive("polite");
        polite.connectWith().willPublish().topic("will/polite").qos(MqttQos.AT_LEAST_ONCE)
                .payload("discarded".getBytes(StandardCharsets.UTF_8)).applyWillPublish().send();
        polite.disconnect();

        Mqtt5BlockingClient leaver = hive("leaver");
        leaver.connectWith().willPublish().topic("will/leaver").qos(MqttQos.AT_LEAST_ONCE)
                .payload("left on purpose".getBytes(StandardCharsets.UTF_8))
                .userProperties().add("mood", "dramatic").applyUserProperties()
                .applyWillPublish().send();
        leaver.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

        Mqtt5Publish will = HiveClients.receive(watched);
        assertThat(will.getTopic().toString()).as("the polite client's will was never published").isEqualTo("will/leaver");
        assertThat(text(will)).isEqualTo("left on purpose");
        assertThat(userProperties(will)).containsExactly("mood=dramatic");
    }

    @Test
    @DisplayName("an invalid DISCONNECT (expiry after 0, 3.14.2.2.2) is not a normal one: the will is published")
    void willAfterInvalidDisconnect() throws Exception {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            Will will = new Will("will/raw", "raw will".getBytes(StandardCharsets.UTF_8), QoS.AT_LEAST_ONCE, false,
                    MqttProperties.builder().userProperty("source", "raw").build());
            client.send(new Connect(ProtocolVersion.MQTT_5, "raw-will", true, 60, will, null, null, MqttProperties.EMPTY));
            assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            client.send(new Disconnect(ReasonCode.NORMAL_DISCONNECTION, MqttProperties.builder()
                    .put(PropertyId.SESSION_EXPIRY_INTERVAL, 30L).build()));
            assertThat(client.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        }
        Mqtt5Publish published = HiveClients.receive(watched);
        assertThat(text(published)).isEqualTo("raw will");
        assertThat(userProperties(published)).containsExactly("source=raw");
    }

    @Test
    @DisplayName("a message larger than a client's Maximum Packet Size is not sent to it, others get it [MQTT-3.1.2-24], [MQTT-3.1.2-25]")
    void clientMaximumPacketSize() throws Exception {
        PahoRecorder pahoInbox = new PahoRecorder();
        MqttClient smallPaho = PahoRecorder.client(broker.uri(), "small-paho", pahoInbox);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setMaximumPacketSize(256L);
        smallPaho.connect(options);
        smallPaho.subscribe("size/t", 1);
        Mqtt5BlockingClient smallHive = hive("small-hive");
        smallHive.connectWith().restrictions().maximumPacketSize(256).applyRestrictions().send();
        Mqtt5BlockingClient big = hive("big");
        big.connect();
        try (Mqtt5Publishes smallReceived = smallHive.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt5Publishes bigReceived = big.publishes(MqttGlobalPublishFilter.ALL)) {
            smallHive.subscribeWith().topicFilter("size/t").qos(MqttQos.AT_LEAST_ONCE).send();
            big.subscribeWith().topicFilter("size/t").qos(MqttQos.AT_LEAST_ONCE).send();

            byte[] large = "L".repeat(1_000).getBytes(StandardCharsets.UTF_8);
            watcher.publishWith().topic("size/t").qos(MqttQos.AT_MOST_ONCE).payload(large).send();
            watcher.publishWith().topic("size/t").qos(MqttQos.AT_LEAST_ONCE).payload(large).send();
            watcher.publishWith().topic("size/t").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("small".getBytes(StandardCharsets.UTF_8)).send();

            assertThat(HiveClients.receive(bigReceived).getPayloadAsBytes()).hasSize(1_000);
            assertThat(HiveClients.receive(bigReceived).getPayloadAsBytes()).hasSize(1_000);
            assertThat(text(HiveClients.receive(bigReceived))).isEqualTo("small");
            assertThat(text(HiveClients.receive(smallReceived))).as("the large ones were skipped")
                    .isEqualTo("small");
            assertThat(pahoInbox.next().payload()).as("the large ones were skipped").isEqualTo("small");
            // Two large messages towards two small clients, each counted once.
            assertThat(broker.broker().counters().droppedTooLarge.sum()).isEqualTo(4);
            // A dropped QoS 1 message counts as sent: once "small" is acknowledged nothing is left in flight.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> broker.broker().sessions().get("small-paho").outboundDepth() == 0);
        }
        smallPaho.disconnect();
        smallHive.disconnect();
        big.disconnect();
    }
}
