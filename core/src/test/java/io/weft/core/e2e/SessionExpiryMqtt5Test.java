package io.weft.core.e2e;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos1Result;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.PingReq;
import io.weft.core.codec.MqttPacket.PingResp;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.ReasonCode;
import io.weft.core.session.Session;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Session Expiry Interval in CONNECT and DISCONNECT, observed through Paho, HiveMQ and a raw socket. */
class SessionExpiryMqtt5Test {

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private Mqtt5BlockingClient hive(String identifier) {
        return HiveClients.client(broker, identifier);
    }

    private Mqtt5PubAckReasonCode publishQos1(String topic, String payload) {
        Mqtt5BlockingClient publisher = hive("expiry-publisher");
        publisher.connect();
        Mqtt5Qos1Result result = (Mqtt5Qos1Result) publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        publisher.disconnect();
        return result.getPubAck().getReasonCode();
    }

    private Session session(String clientId) {
        return broker.broker().sessions().get(clientId);
    }

    @Test
    @DisplayName("clean start 0 with expiry > 0 resumes the session: session present, queued QoS 1 delivered [MQTT-3.1.2-23], [MQTT-3.1.2-5], [MQTT-3.2.2-3]")
    void persistentSessionSurvivesReconnect() throws Exception {
        PahoRecorder inbox = new PahoRecorder();
        MqttClient keeper = PahoRecorder.client(broker.uri(), "keeper", inbox);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(60L);
        assertThat(keeper.connectWithResult(options).getSessionPresent()).isFalse();
        keeper.subscribe("keep/t", 1);
        keeper.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> session("keeper") != null && !session("keeper").isConnected());

        assertThat(publishQos1("keep/t", "while away")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(session("keeper").outboundDepth()).as("queued for the offline session").isEqualTo(1);

        assertThat(keeper.connectWithResult(options).getSessionPresent()).isTrue();
        PahoRecorder.Received received = inbox.next();
        assertThat(received.topic()).isEqualTo("keep/t");
        assertThat(received.payload()).isEqualTo("while away");
        assertThat(received.message().getQos()).isEqualTo(1);
        keeper.disconnect();
    }

    @Test
    @DisplayName("session expiry 0 (or absent) ends the session with the connection (3.1.2.11.2)")
    void zeroExpiryDiscardsSession() {
        Mqtt5BlockingClient client = hive("short-lived");
        client.connectWith().cleanStart(false).send();
        client.subscribeWith().topicFilter("gone/t").qos(MqttQos.AT_LEAST_ONCE).send();
        client.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> session("short-lived") == null);

        assertThat(publishQos1("gone/t", "nobody")).isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
        assertThat(client.connectWith().cleanStart(false).send().isSessionPresent()).isFalse();
        client.disconnect();
    }

    @Test
    @DisplayName("a 1 s session expiry really expires: no session, no queued message after it [MQTT-4.1.0-2]")
    void shortExpiryExpires() throws Exception {
        Mqtt5BlockingClient client = hive("one-second");
        client.connectWith().cleanStart(false).sessionExpiryInterval(1).send();
        client.subscribeWith().topicFilter("brief/t").qos(MqttQos.AT_LEAST_ONCE).send();
        client.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> session("one-second") != null
                && !session("one-second").isConnected());
        assertThat(publishQos1("brief/t", "lost")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

        await().atMost(Duration.ofSeconds(5)).until(() -> session("one-second") == null);

        // The reconnect is raw, so every packet is seen: a queued message would come right after CONNACK,
        // before the answer to anything the client sends next.
        try (RawClient raw = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            raw.send(new Connect(ProtocolVersion.MQTT_5, "one-second", false, 60, null, null, null,
                    MqttProperties.builder().put(PropertyId.SESSION_EXPIRY_INTERVAL, 1L).build()));
            ConnAck connAck = raw.receive(ConnAck.class);
            assertThat(connAck.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(connAck.sessionPresent()).isFalse();
            raw.send(new PingReq());
            assertThat(raw.receive()).isInstanceOf(PingResp.class);
            raw.send(new Disconnect(ReasonCode.NORMAL_DISCONNECTION, MqttProperties.EMPTY));
        }
    }

    @Test
    @DisplayName("DISCONNECT with Session Expiry Interval 0 ends a session that CONNECT made persistent")
    void disconnectShortensExpiry() {
        Mqtt5BlockingClient client = hive("changes-mind");
        client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
        client.disconnectWith().sessionExpiryInterval(0).send();
        await().atMost(Duration.ofSeconds(5)).until(() -> session("changes-mind") == null);
        assertThat(client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().isSessionPresent())
                .isFalse();
        client.disconnect();
    }

    @Test
    @DisplayName("DISCONNECT with a longer Session Expiry Interval keeps the session past the CONNECT's interval")
    void disconnectLengthensExpiry() {
        Mqtt5BlockingClient client = hive("stays-longer");
        client.connectWith().cleanStart(false).sessionExpiryInterval(1).send();
        client.disconnectWith().sessionExpiryInterval(3600).send();
        await().atMost(Duration.ofSeconds(5)).until(() -> session("stays-longer") != null
                && !session("stays-longer").isConnected());
        assertThat(session("stays-longer").expiryIntervalSeconds()).isEqualTo(3600);
        assertThat(client.connectWith().cleanStart(false).sessionExpiryInterval(1).send().isSessionPresent()).isTrue();
        client.disconnectWith().sessionExpiryInterval(0).send();
    }

    @Test
    @DisplayName("non-zero Session Expiry Interval in DISCONNECT after 0 in CONNECT: DISCONNECT 0x82 (3.14.2.2.2), itself without the property [MQTT-3.14.2-2]")
    void expiryAfterZeroIsProtocolError() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.send(new Connect(ProtocolVersion.MQTT_5, "raw-expiry", true, 60, null, null, null, MqttProperties.EMPTY));
            assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            client.send(new Disconnect(ReasonCode.NORMAL_DISCONNECTION, MqttProperties.builder()
                    .put(PropertyId.SESSION_EXPIRY_INTERVAL, 60L).build()));
            Disconnect refusal = client.receive(Disconnect.class);
            assertThat(refusal.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(refusal.properties().contains(PropertyId.SESSION_EXPIRY_INTERVAL)).isFalse();
            assertThat(client.closedByBroker()).isTrue();
        }
        assertThat(broker.broker().counters().protocolErrors.sum()).isEqualTo(1);
    }
}
