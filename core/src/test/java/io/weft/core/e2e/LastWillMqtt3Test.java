package io.weft.core.e2e;

import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.Will;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.e2e.Mqtt3Clients.Arrival;
import io.weft.core.e2e.Mqtt3Clients.Inbox;
import io.weft.core.testing.RawClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;

import static io.weft.core.e2e.Mqtt3Clients.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Last Will and Testament with Paho subscribers and raw or Paho will owners, for MQTT 3.1 and 3.1.1. */
class LastWillMqtt3Test {

    @RegisterExtension
    final PahoBrokerExtension paho = new PahoBrokerExtension();

    private static Will will(String topic, String payload, QoS qos, boolean retain) {
        return new Will(topic, bytes(payload), qos, retain, MqttProperties.EMPTY);
    }

    /** Waits until the broker has ended {@code clientId}'s clean session, i.e. its close handling ran. */
    private void awaitSessionEnded(String clientId) {
        await().atMost(Duration.ofSeconds(Mqtt3Clients.TIMEOUT_SECONDS))
                .until(() -> paho.broker().broker().sessions().get(clientId) == null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("the will is published when the socket closes without DISCONNECT [MQTT-3.1.2-8]")
    void willPublishedWhenSocketClosesAbruptly(int version) throws Exception {
        Inbox inbox = paho.subscribe("watcher", version, "will/#", 2);
        RawClient owner = Mqtt3Clients.rawConnect(paho.broker(), version, "owner", true, 0,
                will("will/owner", "owner is gone", QoS.AT_LEAST_ONCE, false));

        owner.close();

        assertThat(inbox.next()).isEqualTo(new Arrival("will/owner", "owner is gone", 1, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("the will is published when a Paho client drops its connection without DISCONNECT [MQTT-3.1.2-8]")
    void willPublishedWhenPahoDropsTheConnection(int version) throws Exception {
        Inbox inbox = paho.subscribe("watcher", version, "will/#", 2);
        MqttClient owner = Mqtt3Clients.client(paho.broker(), "paho-owner", new Inbox());
        MqttConnectOptions options = Mqtt3Clients.options(version, true);
        options.setWill("will/paho", bytes("paho is gone"), 2, false);
        owner.connect(options);

        // Paho 1.2.5 sends DISCONNECT from disconnectForcibly unless its third argument is false.
        owner.disconnectForcibly(0, 0, false);
        owner.close();

        assertThat(inbox.next()).isEqualTo(new Arrival("will/paho", "paho is gone", 2, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("a silent client is closed after 1.5 x keep alive and its will published [MQTT-3.1.2-24]")
    void willPublishedAfterKeepAliveTimeout(int version) throws Exception {
        Inbox inbox = paho.subscribe("watcher", version, "will/#", 1);
        try (RawClient silent = Mqtt3Clients.rawConnect(paho.broker(), version, "silent", true, 1,
                will("will/silent", "timed out", QoS.AT_LEAST_ONCE, false))) {

            assertThat(silent.closedByBroker()).isTrue();
        }
        assertThat(inbox.next()).isEqualTo(new Arrival("will/silent", "timed out", 1, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("the will is published when the broker closes the connection for a protocol violation [MQTT-3.1.0-2]")
    void willPublishedAfterProtocolViolation(int version) throws Exception {
        Inbox inbox = paho.subscribe("watcher", version, "will/#", 1);
        try (RawClient owner = Mqtt3Clients.rawConnect(paho.broker(), version, "violator", true, 0,
                will("will/violator", "broke the rules", QoS.AT_LEAST_ONCE, false))) {
            owner.send(new io.weft.core.codec.MqttPacket.Connect(Mqtt3Clients.protocol(version), "violator",
                    true, 0, null, null, null, MqttProperties.EMPTY));

            assertThat(owner.closedByBroker()).isTrue();
        }
        assertThat(inbox.next()).isEqualTo(new Arrival("will/violator", "broke the rules", 1, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("no will after a normal DISCONNECT [MQTT-3.1.2-10], from Paho (also its two-argument "
            + "disconnectForcibly) or a raw client")
    void noWillAfterDisconnect(int version) throws Exception {
        Inbox inbox = paho.subscribe("watcher", version, "will/#", 2);
        MqttClient polite = Mqtt3Clients.client(paho.broker(), "polite-paho", new Inbox());
        MqttConnectOptions options = Mqtt3Clients.options(version, true);
        options.setWill("will/paho", bytes("must not appear"), 2, false);
        polite.connect(options);
        polite.disconnect();
        polite.close();
        MqttClient forcible = Mqtt3Clients.client(paho.broker(), "forcible-paho", new Inbox());
        forcible.connect(options);
        forcible.disconnectForcibly(1000, 1000); // this overload still sends DISCONNECT first
        forcible.close();
        try (RawClient raw = Mqtt3Clients.rawConnect(paho.broker(), version, "polite-raw", true, 0,
                will("will/raw", "must not appear", QoS.EXACTLY_ONCE, false))) {
            raw.send(new Disconnect(ReasonCode.NORMAL_DISCONNECTION, MqttProperties.EMPTY));
            assertThat(raw.closedByBroker()).isTrue(); // [MQTT-3.14.4-1]
        }
        awaitSessionEnded("polite-paho");
        awaitSessionEnded("forcible-paho");
        awaitSessionEnded("polite-raw");

        MqttClient publisher = paho.connect("publisher", version);
        publisher.publish("will/end", bytes("end"), 2, false);
        assertThat(inbox.payloadsBefore("end")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("a will with RETAIN 1 is stored as retained [MQTT-3.1.2-17] and delivered live with RETAIN 0 "
            + "[MQTT-3.3.1-9]")
    void willRetainFlagHonoured(int version) throws Exception {
        Inbox live = paho.subscribe("watcher", version, "will/#", 2);
        RawClient owner = Mqtt3Clients.rawConnect(paho.broker(), version, "retainer", true, 0,
                will("will/retained", "last words", QoS.EXACTLY_ONCE, true));

        owner.close();
        assertThat(live.next()).isEqualTo(new Arrival("will/retained", "last words", 2, false, false));

        Inbox late = paho.subscribe("late", version, "will/+", 1);
        assertThat(late.next()).isEqualTo(new Arrival("will/retained", "last words", 1, true, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.weft.core.e2e.Mqtt3Clients#versions")
    @DisplayName("a will with RETAIN 0 is not retained [MQTT-3.1.2-15]")
    void willWithoutRetainIsNotRetained(int version) throws Exception {
        Inbox live = paho.subscribe("watcher", version, "will/#", 2);
        RawClient owner = Mqtt3Clients.rawConnect(paho.broker(), version, "forgetful", true, 0,
                will("will/plain", "fleeting", QoS.EXACTLY_ONCE, false));
        owner.close();
        assertThat(live.next().payload()).isEqualTo("fleeting");

        Inbox late = paho.subscribe("late", version, "will/+", 2);
        MqttClient publisher = paho.connect("publisher", version);
        publisher.publish("will/end", bytes("end"), 2, false);
        assertThat(late.payloadsBefore("end")).isEmpty();
    }
}
