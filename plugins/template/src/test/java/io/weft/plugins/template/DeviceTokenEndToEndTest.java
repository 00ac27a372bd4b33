package io.weft.plugins.template;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.weft.core.plugin.PluginSpec;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugin in a real broker, driven by the HiveMQ (MQTT 5) and Paho (MQTT 3.1.1) clients. */
class DeviceTokenEndToEndTest {

    private static final String TOKEN = "0123456789abcdef-token";

    private static TestBroker broker() {
        return TestBroker.startWithPlugins(TestBroker.settings(),
                PluginSpec.of("devices", "device-token", Map.of("token", TOKEN)));
    }

    private static Mqtt5BlockingClient device(TestBroker broker, String id) {
        return Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
    }

    @Test
    void aWrongTokenIsRefusedWith0x86InMqtt5AndReturnCode4InMqtt311() throws MqttException {
        try (TestBroker broker = broker()) {
            assertThatThrownBy(() -> device(broker, "sensor-1").connectWith().simpleAuth().username("device")
                    .password("guess".getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
                    .isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused -> assertThat(refused
                            .getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));

            MqttClient paho = new MqttClient(broker.uri(), "sensor-2", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setUserName("device");
            options.setPassword("guess".toCharArray());
            assertThatThrownBy(() -> paho.connect(options)).isInstanceOfSatisfying(MqttException.class,
                    refused -> assertThat(refused.getReasonCode())
                            .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
            options.setPassword(TOKEN.toCharArray());
            paho.connect(options);
            paho.disconnect();
            paho.close();
        }
    }

    @Test
    void aDeviceMayPublishOnlyUnderItsOwnTopics() {
        try (TestBroker broker = broker()) {
            Mqtt5BlockingClient device = device(broker, "sensor-3");
            device.connectWith().simpleAuth().username("device").password(TOKEN.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().send();
            device.publishWith().topic("devices/sensor-3/temp").qos(MqttQos.AT_LEAST_ONCE).send();
            assertThatThrownBy(() -> device.publishWith().topic("devices/sensor-4/temp").qos(MqttQos.AT_LEAST_ONCE)
                    .send()).isInstanceOfSatisfying(Mqtt5PubAckException.class, refused -> assertThat(refused
                    .getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
            device.disconnect();
        }
    }
}
