package io.weft.distribution;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Stateless, called on the test thread: one MQTT 3.1.1 CONNECT with credentials by Paho, and how it ended. */
final class PahoConnect {

    private PahoConnect() {
    }

    /**
     * 0 when the broker accepted the CONNECT (the client then disconnects), else Paho's reason code: 4 bad user name
     * or password, 5 not authorized, 3 server unavailable.
     */
    static int result(int port, String clientId, String user, String password) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        options.setConnectionTimeout(10);
        try {
            client.connect(options);
            client.disconnect();
            return 0;
        } catch (MqttException refused) {
            return refused.getReasonCode();
        } finally {
            client.close();
        }
    }
}
