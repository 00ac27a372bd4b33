package io.weft.distribution.crash;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** QoS 1 over MQTT 3.1.1 with Eclipse Paho: clean session 0, automatic reconnect, one message in flight. */
final class PahoQos1Flow extends TelemetryFlow {

    private static final String TOPIC = "crash/qos1";
    private MqttClient publisher;
    private MqttClient subscriber;

    PahoQos1Flow() {
        super("paho-qos1");
    }

    @Override
    void connect(int port) throws MqttException {
        String uri = "tcp://127.0.0.1:" + port;
        subscriber = new MqttClient(uri, "crash-qos1-subscriber", new MemoryPersistence());
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrived(message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        subscriber.connect(options());
        subscriber.subscribe(TOPIC, 1);
        publisher = new MqttClient(uri, "crash-qos1-publisher", new MemoryPersistence());
        publisher.setTimeToWait(5_000);
        publisher.connect(options());
    }

    private static MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(500);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(30);
        return options;
    }

    @Override
    boolean publisherConnected() {
        return publisher.isConnected();
    }

    @Override
    boolean publish(long sequence) throws MqttException {
        if (!publisher.isConnected()) {
            awaitConnected();
            return false;
        }
        publisher.publish(TOPIC, payload(sequence), 1, false); // returns once PUBACK arrived
        return true;
    }

    /** A retained message with a fresh clean client: what a restart must keep. */
    static void publishRetained(int port, String topic, String text) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "crash-retainer", new MemoryPersistence());
        client.connect();
        client.publish(topic, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, true);
        client.disconnect();
        client.close();
    }

    @Override
    public void close() throws MqttException {
        for (MqttClient client : new MqttClient[] {publisher, subscriber}) {
            if (client != null) {
                if (client.isConnected()) {
                    client.disconnectForcibly(1_000);
                }
                client.close(true);
            }
        }
    }
}
