package io.weft.core.e2e;

import io.weft.core.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @Test
    void qos1RoundTripWithPaho311() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            MqttClient subscriber = new MqttClient(broker.uri(), "sub", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            subscriber.connect(options);
            BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
            subscriber.subscribe("a/#", 1, (topic, message) -> received.add(topic + "=" + new String(message.getPayload())));
            MqttClient publisher = new MqttClient(broker.uri(), "pub", new MemoryPersistence());
            publisher.connect(options);
            publisher.publish("a/b", "hello".getBytes(), 1, false);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("a/b=hello");
            publisher.disconnect();
            subscriber.disconnect();
        }
    }
}
