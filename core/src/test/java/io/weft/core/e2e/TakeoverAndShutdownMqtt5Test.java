package io.weft.core.e2e;

import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** How the broker ends MQTT 5 connections itself: session takeover (0x8E) and graceful shutdown (0x8B). */
class TakeoverAndShutdownMqtt5Test {

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close(); // idempotent: the shutdown test closes it first
    }

    /** A HiveMQ client whose disconnections caused by the server land in {@code disconnects}. */
    private Mqtt5BlockingClient hive(String identifier, BlockingQueue<MqttClientDisconnectedContext> disconnects) {
        return Mqtt5Client.builder().identifier(identifier).serverHost("127.0.0.1").serverPort(broker.port())
                .addDisconnectedListener(context -> {
                    if (context.getSource() == MqttDisconnectSource.SERVER) {
                        disconnects.add(context);
                    }
                })
                .buildBlocking();
    }

    private static Mqtt5DisconnectReasonCode serverReason(BlockingQueue<MqttClientDisconnectedContext> disconnects)
            throws InterruptedException {
        MqttClientDisconnectedContext context = disconnects.poll(5, TimeUnit.SECONDS);
        assertThat(context).as("a disconnect by the server within 5 s").isNotNull();
        assertThat(context.getCause()).isInstanceOf(Mqtt5DisconnectException.class);
        return ((Mqtt5DisconnectException) context.getCause()).getMqttMessage().getReasonCode();
    }

    @Test
    @DisplayName("session takeover: the first Paho client gets DISCONNECT 0x8E when HiveMQ connects with its id [MQTT-3.1.4-3]")
    void pahoTakenOverByHiveMq() throws Exception {
        PahoRecorder first = new PahoRecorder();
        MqttClient paho = PahoRecorder.client(broker.uri(), "twin", first);
        paho.connect(new MqttConnectionOptions());
        Mqtt5BlockingClient hive = hive("twin", new LinkedBlockingQueue<>());
        hive.connect();
        assertThat(first.disconnect().getReturnCode()).isEqualTo(0x8E);
        hive.disconnect();
        paho.close(true);
    }

    @Test
    @DisplayName("session takeover: the first HiveMQ client gets DISCONNECT 0x8E when Paho connects with its id [MQTT-3.1.4-3]")
    void hiveMqTakenOverByPaho() throws Exception {
        BlockingQueue<MqttClientDisconnectedContext> disconnects = new LinkedBlockingQueue<>();
        Mqtt5BlockingClient hive = hive("twin-2", disconnects);
        hive.connect();
        MqttClient paho = PahoRecorder.client(broker.uri(), "twin-2", new PahoRecorder());
        paho.connect(new MqttConnectionOptions());
        assertThat(serverReason(disconnects)).isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
        assertThat(broker.broker().sessions().get("twin-2").isConnected()).as("the new connection owns the session")
                .isTrue();
        paho.disconnect();
    }

    @Test
    @DisplayName("broker.close(): queued messages are flushed, then every MQTT 5 client gets DISCONNECT 0x8B")
    void gracefulShutdown() throws Exception {
        PahoRecorder pahoInbox = new PahoRecorder();
        MqttClient paho = PahoRecorder.client(broker.uri(), "paho-stays", pahoInbox);
        paho.connect(new MqttConnectionOptions());
        BlockingQueue<MqttClientDisconnectedContext> hiveDisconnects = new LinkedBlockingQueue<>();
        Mqtt5BlockingClient hive = hive("hive-stays", hiveDisconnects);
        hive.connect();

        // About 1 MB: more than the socket buffers hold, so much of it is still queued in the broker at close.
        int count = 1_000;
        String padding = "x".repeat(1_000);
        try (RawClient subscriber = new RawClient(broker.port(), ProtocolVersion.MQTT_5);
             RawClient publisher = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            connect(subscriber, "raw-subscriber");
            subscriber.send(new Subscribe(1, List.of(Subscription.of("flush/t", QoS.AT_MOST_ONCE)), MqttProperties.EMPTY));
            assertThat(subscriber.receive(SubAck.class).reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_0);
            connect(publisher, "raw-publisher");
            for (int i = 0; i < count; i++) {
                publisher.send(new Publish(false, QoS.AT_MOST_ONCE, false, "flush/t", 0, MqttProperties.EMPTY,
                        (i + padding).getBytes(StandardCharsets.UTF_8)));
            }
            // The ring keeps order: once this PUBACK is back, every message above was handed to the subscriber.
            publisher.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "flush/t", 1, MqttProperties.EMPTY,
                    "last".getBytes(StandardCharsets.UTF_8)));
            assertThat(publisher.receive(PubAck.class).packetId()).isEqualTo(1);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(broker::close);
            for (int i = 0; i < count; i++) {
                assertThat(new String(subscriber.receive(Publish.class).payload(), StandardCharsets.UTF_8))
                        .isEqualTo(i + padding);
            }
            assertThat(subscriber.receive(Publish.class).payload()).asString(StandardCharsets.UTF_8).isEqualTo("last");
            assertThat(subscriber.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.SERVER_SHUTTING_DOWN);
            assertThat(subscriber.closedByBroker()).isTrue();
            closing.get(10, TimeUnit.SECONDS);
        }
        assertThat(pahoInbox.disconnect().getReturnCode()).isEqualTo(0x8B);
        assertThat(serverReason(hiveDisconnects)).isEqualTo(Mqtt5DisconnectReasonCode.SERVER_SHUTTING_DOWN);
        paho.close(true);
    }

    private static void connect(RawClient client, String clientId) {
        client.send(new Connect(ProtocolVersion.MQTT_5, clientId, true, 60, null, null, null, MqttProperties.EMPTY));
        assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
    }
}
