package io.weft.core.protocol;

import io.weft.core.BrokerSettings;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker's inflight window (4 here) bounds unacknowledged QoS 1 messages towards one client. */
class InflightWindowTest {

    private static final int WINDOW = 4;
    private static final int MESSAGES = 10;

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("inflight window 4: a subscriber that never acks gets 4 of 10 QoS 1 messages; each PUBACK releases one more, in order")
    void windowOfFourReleasesOneMessagePerAck(ProtocolVersion version) {
        BrokerSettings defaults = TestBroker.settings();
        BrokerSettings settings = new BrokerSettings(defaults.bindAddress(), 0, defaults.dataDirectory(),
                defaults.maximumPacketSize(), defaults.connectTimeout(), WINDOW, defaults.maximumQueuedMessages(),
                defaults.ringSize());
        try (TestBroker broker = TestBroker.start(settings);
             RawClient subscriber = Clients.connected(broker, version, "slow");
             RawClient publisher = Clients.connected(broker, version, "fast")) {
            Clients.subscribe(subscriber, 1, "window", QoS.AT_LEAST_ONCE);
            for (int index = 0; index < MESSAGES; index++) {
                publisher.send(new Publish(false, QoS.AT_LEAST_ONCE, false, "window", index + 1, MqttProperties.EMPTY,
                        String.valueOf(index).getBytes(StandardCharsets.UTF_8)));
            }
            for (int index = 0; index < MESSAGES; index++) {
                // PUBACK to the publisher comes after routing, so all ten have been offered to the subscriber.
                assertThat(publisher.receive(PubAck.class).packetId()).isEqualTo(index + 1);
            }

            List<Publish> unacknowledged = new ArrayList<>();
            for (int index = 0; index < WINDOW; index++) {
                unacknowledged.add(subscriber.receive(Publish.class));
            }
            Clients.expectNothingQueued(subscriber); // exactly four, not five
            int next = WINDOW;
            List<String> received = new ArrayList<>(unacknowledged.stream().map(InflightWindowTest::text).toList());
            while (!unacknowledged.isEmpty()) {
                Publish oldest = unacknowledged.removeFirst();
                subscriber.send(new PubAck(oldest.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
                if (next < MESSAGES) {
                    Publish released = subscriber.receive(Publish.class);
                    unacknowledged.add(released);
                    received.add(text(released));
                    next++;
                }
                Clients.expectNothingQueued(subscriber); // one PUBACK released at most one message
            }
            assertThat(received).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        }
    }

    private static String text(Publish publish) {
        return new String(publish.payload(), StandardCharsets.UTF_8);
    }
}
