package io.weft.distribution.crash;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;

import java.util.concurrent.TimeUnit;

/** QoS 2 over MQTT 5 with the HiveMQ client: session expiry 1 h, clean start 0, automatic reconnect. */
final class HiveMqQos2Flow extends TelemetryFlow {

    private static final String TOPIC = "crash/qos2";
    private Mqtt5AsyncClient publisher;
    private Mqtt5AsyncClient subscriber;

    HiveMqQos2Flow() {
        super("hivemq-qos2");
    }

    @Override
    void connect(int port) throws Exception {
        subscriber = client("crash-qos2-subscriber", port);
        subscriber.publishes(MqttGlobalPublishFilter.ALL, publish -> arrived(publish.getPayloadAsBytes()));
        connect(subscriber);
        subscriber.subscribeWith().topicFilter(TOPIC).qos(MqttQos.EXACTLY_ONCE).send().get(10, TimeUnit.SECONDS);
        publisher = client("crash-qos2-publisher", port);
        connect(publisher);
    }

    private static Mqtt5AsyncClient client(String identifier, int port) {
        return Mqtt5Client.builder().identifier(identifier).serverHost("127.0.0.1").serverPort(port)
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(500, TimeUnit.MILLISECONDS)
                .applyAutomaticReconnect()
                .buildAsync();
    }

    private static void connect(Mqtt5AsyncClient client) throws Exception {
        client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().get(10, TimeUnit.SECONDS);
    }

    @Override
    boolean publisherConnected() {
        return publisher.getState().isConnected();
    }

    @Override
    boolean publish(long sequence) throws Exception {
        if (!publisher.getState().isConnected()) {
            awaitConnected();
            return false;
        }
        // Completes at PUBCOMP; while the broker is away the client holds it and the wait times out.
        publisher.publishWith().topic(TOPIC).qos(MqttQos.EXACTLY_ONCE).payload(payload(sequence)).send()
                .get(5, TimeUnit.SECONDS);
        return true;
    }

    @Override
    public void close() {
        for (Mqtt5AsyncClient client : new Mqtt5AsyncClient[] {publisher, subscriber}) {
            if (client != null && client.getState().isConnectedOrReconnect()) {
                client.disconnect();
            }
        }
    }
}
