package io.weft.core.e2e;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Written by Paho's callback thread, read by the test thread through blocking queues: what one Paho MQTT 5
 * client received (messages and the broker's DISCONNECT). Every take has a deadline.
 */
final class PahoRecorder implements MqttCallback {

    /** One application message as Paho handed it over. */
    record Received(String topic, MqttMessage message) {
        String payload() {
            return new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<MqttDisconnectResponse> disconnects = new LinkedBlockingQueue<>();

    /** A Paho v5 client for {@code uri} with an in-memory persistence and this recorder as its callback. */
    static MqttClient client(String uri, String clientId, PahoRecorder recorder) throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        client.setCallback(recorder);
        client.setTimeToWait(5_000);
        return client;
    }

    /** The next message; fails the test when none arrives within 5 s. */
    Received next() throws InterruptedException {
        Received received = messages.poll(5, TimeUnit.SECONDS);
        assertThat(received).as("a message within 5 s").isNotNull();
        return received;
    }

    /** The broker's DISCONNECT (or the connection loss); fails the test when none comes within 5 s. */
    MqttDisconnectResponse disconnect() throws InterruptedException {
        MqttDisconnectResponse response = disconnects.poll(5, TimeUnit.SECONDS);
        assertThat(response).as("a disconnect within 5 s").isNotNull();
        return response;
    }

    int pending() {
        return messages.size();
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        disconnects.add(response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        disconnects.add(new MqttDisconnectResponse(exception));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        messages.add(new Received(topic, message));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // the tests wait on the publish call itself
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        // connection results are read from the connect token
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication in these tests
    }
}
