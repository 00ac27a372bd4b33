package io.weft.core.protocol;

import io.weft.core.ProtocolSettings;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttPacket.Will;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker with every optional feature restricted (Maximum QoS 1, no retain, no wildcards, no subscription
 * identifiers, no shared subscriptions): CONNACK announces it and the broker enforces what it announced.
 */
class ProtocolLimitsTest {

    private static final ProtocolSettings RESTRICTED = new ProtocolSettings(100, 10, 0, 65535, 1, false, false,
            false, false, "");

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start(TestBroker.settings().with(RESTRICTED));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    @DisplayName("CONNACK announces Receive Maximum, Topic Alias Maximum, Maximum QoS [MQTT-3.2.2-9], Retain, Wildcard, Subscription Identifier and Shared Subscription Available")
    void connAckAnnouncesRestrictions() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.send(connect("restricted", null));
            ConnAck ack = client.receive(ConnAck.class);
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            MqttProperties properties = ack.properties();
            assertThat(properties.integer(PropertyId.RECEIVE_MAXIMUM)).isEqualTo(100);
            assertThat(properties.integer(PropertyId.TOPIC_ALIAS_MAXIMUM)).isEqualTo(10);
            assertThat(properties.integer(PropertyId.MAXIMUM_QOS)).isEqualTo(1);
            assertThat(properties.integer(PropertyId.RETAIN_AVAILABLE)).isEqualTo(0);
            assertThat(properties.integer(PropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE)).isEqualTo(0);
            assertThat(properties.integer(PropertyId.SUBSCRIPTION_IDENTIFIER_AVAILABLE)).isEqualTo(0);
            assertThat(properties.integer(PropertyId.SHARED_SUBSCRIPTION_AVAILABLE)).isEqualTo(0);
            assertThat(properties.contains(PropertyId.SERVER_KEEP_ALIVE)).as("keep alive unrestricted").isFalse();
            assertThat(properties.contains(PropertyId.RESPONSE_INFORMATION)).isFalse();
        }
    }

    @Test
    @DisplayName("the defaults announce Receive Maximum 1024 and Topic Alias Maximum 64, and leave out what is available")
    void defaultsAnnounceOnlyLimits() {
        try (TestBroker defaults = TestBroker.start();
             RawClient client = new RawClient(defaults.port(), ProtocolVersion.MQTT_5)) {
            client.send(connect("defaults", null));
            MqttProperties properties = client.receive(ConnAck.class).properties();
            assertThat(properties.integer(PropertyId.RECEIVE_MAXIMUM)).isEqualTo(1024);
            assertThat(properties.integer(PropertyId.TOPIC_ALIAS_MAXIMUM)).isEqualTo(64);
            assertThat(properties.integer(PropertyId.SHARED_SUBSCRIPTION_AVAILABLE)).isEqualTo(1);
            assertThat(properties.contains(PropertyId.MAXIMUM_QOS)).isFalse();
            assertThat(properties.contains(PropertyId.RETAIN_AVAILABLE)).isFalse();
            assertThat(properties.contains(PropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE)).isFalse();
            assertThat(properties.contains(PropertyId.SUBSCRIPTION_IDENTIFIER_AVAILABLE)).isFalse();
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-11] PUBLISH with QoS 2 above Maximum QoS 1: DISCONNECT 0x9B")
    void qosAboveMaximumIsDisconnected() {
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "qos2")) {
            client.send(new Publish(false, QoS.EXACTLY_ONCE, false, "t", 1, MqttProperties.EMPTY, new byte[] {1}));
            assertThat(client.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.QOS_NOT_SUPPORTED);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-11] 3.1.1: a PUBLISH with QoS above the maximum closes the connection")
    void qosAboveMaximumClosesMqtt311() {
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_3_1_1, "qos2-311")) {
            client.send(new Publish(false, QoS.EXACTLY_ONCE, false, "t", 1, MqttProperties.EMPTY, new byte[] {1}));
            assertThat(client.closedWithoutReply()).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-14] a retained PUBLISH while Retain Available is 0: DISCONNECT 0x9A")
    void retainWhenUnavailableIsDisconnected() {
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "retain")) {
            client.send(new Publish(false, QoS.AT_MOST_ONCE, true, "t", 0, MqttProperties.EMPTY, new byte[] {1}));
            assertThat(client.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.RETAIN_NOT_SUPPORTED);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-12] a will with QoS above the maximum: CONNACK 0x9B")
    void willQosAboveMaximumIsRefused() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.send(connect("will-qos", new Will("w", new byte[] {1}, QoS.EXACTLY_ONCE, false, MqttProperties.EMPTY)));
            assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.QOS_NOT_SUPPORTED);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-13] a retained will while Retain Available is 0: CONNACK 0x9A")
    void willRetainWhenUnavailableIsRefused() {
        try (RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5)) {
            client.send(connect("will-retain", new Will("w", new byte[] {1}, QoS.AT_MOST_ONCE, true, MqttProperties.EMPTY)));
            assertThat(client.receive(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.RETAIN_NOT_SUPPORTED);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    @DisplayName("5.0 3.2.2.3.4: the granted QoS is capped at Maximum QoS; a wildcard filter without wildcard support gets 0xA2 (3.1.1: 0x80)")
    void grantedQosCappedAndWildcardsRefused(ProtocolVersion version) {
        try (RawClient client = Clients.connected(broker, version, "subscriber")) {
            client.send(new Subscribe(1, List.of(Subscription.of("plain", QoS.EXACTLY_ONCE),
                    Subscription.of("wild/+", QoS.AT_MOST_ONCE), Subscription.of("low", QoS.AT_MOST_ONCE)),
                    MqttProperties.EMPTY));
            ReasonCode wildcard = version.isMqtt5() ? ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED
                    : ReasonCode.UNSPECIFIED_ERROR;
            assertThat(client.receive(SubAck.class).reasonCodes())
                    .containsExactly(ReasonCode.GRANTED_QOS_1, wildcard, ReasonCode.GRANTED_QOS_0);
        }
    }

    @Test
    @DisplayName("5.0 3.8.2.1.2: a Subscription Identifier while they are not available: DISCONNECT 0xA1")
    void subscriptionIdentifierWhenUnavailableIsDisconnected() {
        try (RawClient client = Clients.connected(broker, ProtocolVersion.MQTT_5, "identifier")) {
            client.send(new Subscribe(1, List.of(Subscription.of("plain", QoS.AT_MOST_ONCE)),
                    MqttProperties.builder().subscriptionIdentifier(5).build()));
            assertThat(client.receive(Disconnect.class).reasonCode())
                    .isEqualTo(ReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("Response Information: prefix + client id when Request Response Information is 1 (5.0 3.2.2.3.15), none when 0")
    void responseInformationWhenRequested() {
        ProtocolSettings withPrefix = new ProtocolSettings(100, 10, 0, 65535, 2, true, true, true, true, "replies/");
        try (TestBroker responding = TestBroker.start(TestBroker.settings().with(withPrefix));
             RawClient asking = new RawClient(responding.port(), ProtocolVersion.MQTT_5);
             RawClient silent = new RawClient(responding.port(), ProtocolVersion.MQTT_5)) {
            asking.send(new Connect(ProtocolVersion.MQTT_5, "asker", true, 0, null, null, null,
                    MqttProperties.builder().put(PropertyId.REQUEST_RESPONSE_INFORMATION, 1).build()));
            assertThat(asking.receive(ConnAck.class).properties().string(PropertyId.RESPONSE_INFORMATION))
                    .isEqualTo("replies/asker");
            silent.send(connect("silent", null));
            assertThat(silent.receive(ConnAck.class).properties().contains(PropertyId.RESPONSE_INFORMATION)).isFalse();
        }
    }

    private static Connect connect(String clientId, Will will) {
        return new Connect(ProtocolVersion.MQTT_5, clientId, true, 0, will, null, null, MqttProperties.EMPTY);
    }
}
