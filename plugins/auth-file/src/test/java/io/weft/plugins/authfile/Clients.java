package io.weft.plugins.authfile;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Real clients for the end-to-end tests: HiveMQ for MQTT 5.0, Paho for 3.1.1. */
final class Clients {

    static final int TIMEOUT_SECONDS = 10;

    private Clients() {
    }

    /** A HiveMQ 5.0 client, with a user name and password unless {@code user} is null; not connected. */
    static Mqtt5BlockingClient hive(TestBroker broker, String clientId, String user, String password) {
        var builder = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(broker.port());
        if (user != null) {
            builder = builder.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        return builder.buildBlocking();
    }

    /** SUCCESS when the client connected (it is disconnected again), else the CONNACK's refusal. */
    static Mqtt5ConnAckReasonCode connectOnce(TestBroker broker, String user, String password) {
        Mqtt5BlockingClient client = hive(broker, "probe-" + user, user, password);
        try {
            client.connect();
        } catch (Mqtt5ConnAckException refused) {
            return refused.getMqttMessage().getReasonCode();
        }
        client.disconnect();
        return Mqtt5ConnAckReasonCode.SUCCESS;
    }

    static MqttConnectOptions pahoOptions(String user, String password) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(TIMEOUT_SECONDS);
        options.setAutomaticReconnect(false);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        return options;
    }

    /** A Paho 3.1.1 client with an inbox; not connected. */
    static MqttClient paho(TestBroker broker, String clientId, Inbox inbox) throws MqttException {
        MqttClient client = new MqttClient(broker.uri(), clientId, new MemoryPersistence());
        client.setTimeToWait(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        client.setCallback(inbox);
        return client;
    }

    /** 0 when a Paho 3.1.1 client connected (it is disconnected again), else Paho's reason code. */
    static int pahoConnectOnce(TestBroker broker, String user, String password) throws MqttException {
        MqttClient client = paho(broker, "paho-probe", new Inbox());
        try {
            client.connect(pahoOptions(user, password));
            client.disconnect();
            return 0;
        } catch (MqttException refused) {
            return refused.getReasonCode();
        } finally {
            client.close();
        }
    }

    static void close(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }

    /** Thread-safe (Paho's callback thread writes, the test reads): the topics of arriving messages, in order. */
    static final class Inbox implements MqttCallback {
        private final BlockingQueue<String> topics = new LinkedBlockingQueue<>();

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            topics.add(topic);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        String next() throws InterruptedException {
            String topic = topics.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (topic == null) {
                throw new AssertionError("no message arrived within " + TIMEOUT_SECONDS + " s");
            }
            return topic;
        }
    }
}
