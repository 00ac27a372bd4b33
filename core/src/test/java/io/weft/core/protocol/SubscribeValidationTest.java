package io.weft.core.protocol;

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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One invalid filter in a SUBSCRIBE fails alone; the other filters of the same packet are granted. */
class SubscribeValidationTest {

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("[MQTT-4.7.1-2] [MQTT-3.9.3-1] 'a/#/b' fails with 0x80 (3.1.1) or 0x8F (5.0), the rest is granted")
    void invalidFilterFailsAloneInItsSubscribe(ProtocolVersion version) {
        try (TestBroker broker = TestBroker.start();
             RawClient client = Clients.connected(broker, version, "client")) {
            client.send(new Subscribe(3, List.of(
                    Subscription.of("ok/+", QoS.AT_LEAST_ONCE),
                    Subscription.of("a/#/b", QoS.AT_LEAST_ONCE),
                    Subscription.of("plain", QoS.EXACTLY_ONCE)), MqttProperties.EMPTY));
            SubAck ack = client.receive(SubAck.class);
            assertThat(ack.packetId()).isEqualTo(3);
            ReasonCode failure = version.isMqtt5() ? ReasonCode.TOPIC_FILTER_INVALID : ReasonCode.UNSPECIFIED_ERROR;
            assertThat(ack.reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_1, failure, ReasonCode.GRANTED_QOS_2);

            // The granted filters work, and the connection is still usable.
            client.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "ok/1", 4, MqttProperties.EMPTY,
                    "hi".getBytes(StandardCharsets.UTF_8)));
            Publish delivered = null;
            boolean acknowledged = false;
            for (int packet = 0; packet < 2; packet++) {
                switch (client.receive()) {
                    case Publish publish -> delivered = publish;
                    case PubAck pubAck -> acknowledged = pubAck.packetId() == 4;
                    default -> throw new AssertionError("unexpected packet");
                }
            }
            assertThat(acknowledged).isTrue();
            assertThat(delivered).isNotNull();
            assertThat(delivered.topic()).isEqualTo("ok/1");
        }
    }
}
