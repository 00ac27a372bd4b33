package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.Publish;
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

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Topic aliases both ways on raw connections (5.0 section 3.3.2.3.4); the defaults allow 64 each way. */
class TopicAliasTest {

    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    @DisplayName("an inbound alias is set with a topic, then used with an empty topic; subscribers get the topic without the alias")
    void inboundAliasResolvesTopic() {
        try (RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_5, "sub");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "pub")) {
            Clients.subscribe(subscriber, 1, "alias/#", QoS.AT_MOST_ONCE);
            publisher.send(publish("alias/long/topic", 7, "one"));
            publisher.send(publish("", 7, "two"));
            for (String expected : new String[] {"one", "two"}) {
                Publish received = subscriber.receive(Publish.class);
                assertThat(received.topic()).isEqualTo("alias/long/topic");
                assertThat(text(received)).isEqualTo(expected);
                assertThat(received.properties().contains(PropertyId.TOPIC_ALIAS)).as("the publisher's alias").isFalse();
            }
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-9] an alias above the Topic Alias Maximum: DISCONNECT 0x94")
    void aliasAboveMaximumIsDisconnected() {
        try (RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "pub")) {
            publisher.send(publish("a", 65, "x"));
            assertThat(publisher.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.TOPIC_ALIAS_INVALID);
            assertThat(publisher.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-8] alias 0: the decoder refuses it as an invalid alias, DISCONNECT 0x94")
    void aliasZeroIsDisconnected() {
        try (RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "pub")) {
            publisher.sendHex("30 07 00 01 74 03 23 00 00");
            assertThat(publisher.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.TOPIC_ALIAS_INVALID);
        }
    }

    @Test
    @DisplayName("an empty topic with an alias never set on this connection: DISCONNECT 0x82; aliases do not outlive a connection [MQTT-3.3.2-7]")
    void unknownAliasIsProtocolErrorAndAliasesDieWithTheConnection() {
        try (RawClient first = Clients.connected(broker, ProtocolVersion.MQTT_5, "pub")) {
            first.send(publish("set/on/first", 3, "x"));
            Clients.expectNothingQueued(first);
        }
        try (RawClient second = Clients.connected(broker, ProtocolVersion.MQTT_5, "pub")) {
            second.send(publish("", 3, "y"));
            assertThat(second.receive(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(second.closedByBroker()).isTrue();
        }
    }

    @Test
    @DisplayName("outbound: to a client with Topic Alias Maximum 2 the topic goes once with alias 1, then alias 1 and an empty topic [MQTT-3.3.2-11]")
    void outboundAliasesAssignedByTheBroker() {
        try (RawClient subscriber = connectedWithAliases("sub", 2);
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "pub")) {
            Clients.subscribe(subscriber, 1, "out/#", QoS.AT_MOST_ONCE);
            String[] topics = {"out/a", "out/a", "out/b", "out/c", "out/b", "out/c"};
            for (String topic : topics) {
                publisher.send(new Publish(false, QoS.AT_MOST_ONCE, false, topic, 0, MqttProperties.EMPTY,
                        topic.getBytes(StandardCharsets.UTF_8)));
            }
            String[] expectedTopics = {"out/a", "", "out/b", "out/c", "", "out/c"};
            Integer[] expectedAliases = {1, 1, 2, null, 2, null}; // the table is full after two: out/c goes in full
            for (int i = 0; i < topics.length; i++) {
                Publish received = subscriber.receive(Publish.class);
                assertThat(text(received)).isEqualTo(topics[i]);
                assertThat(received.topic()).as("topic of message %d", i).isEqualTo(expectedTopics[i]);
                assertThat(received.properties().integer(PropertyId.TOPIC_ALIAS)).as("alias of message %d", i)
                        .isEqualTo(expectedAliases[i]);
            }
        }
        // A new connection starts without aliases [MQTT-3.3.2-7]: the topic is sent again.
        try (RawClient subscriber = connectedWithAliases("sub2", 2);
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "pub")) {
            Clients.subscribe(subscriber, 1, "out/#", QoS.AT_MOST_ONCE);
            publisher.send(new Publish(false, QoS.AT_MOST_ONCE, false, "out/a", 0, MqttProperties.EMPTY, new byte[] {1}));
            Publish received = subscriber.receive(Publish.class);
            assertThat(received.topic()).isEqualTo("out/a");
            assertThat(received.properties().integer(PropertyId.TOPIC_ALIAS)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("outbound: a client that sent no Topic Alias Maximum gets no alias")
    void noOutboundAliasesWithoutClientMaximum() {
        try (RawClient subscriber = Clients.connected(broker, ProtocolVersion.MQTT_5, "sub");
             RawClient publisher = Clients.connected(broker, ProtocolVersion.MQTT_5, "pub")) {
            Clients.subscribe(subscriber, 1, "plain", QoS.AT_MOST_ONCE);
            for (int i = 0; i < 2; i++) {
                publisher.send(new Publish(false, QoS.AT_MOST_ONCE, false, "plain", 0, MqttProperties.EMPTY, new byte[] {1}));
                Publish received = subscriber.receive(Publish.class);
                assertThat(received.topic()).isEqualTo("plain");
                assertThat(received.properties().contains(PropertyId.TOPIC_ALIAS)).isFalse();
            }
        }
    }

    private RawClient connectedWithAliases(String clientId, int maximum) {
        return Clients.connected(broker, new Connect(ProtocolVersion.MQTT_5, clientId, true, 0, null, null, null,
                MqttProperties.builder().put(PropertyId.TOPIC_ALIAS_MAXIMUM, maximum).build()));
    }

    private static Publish publish(String topic, int alias, String text) {
        return new Publish(false, QoS.AT_MOST_ONCE, false, topic, 0,
                MqttProperties.builder().put(PropertyId.TOPIC_ALIAS, alias).build(), text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Publish publish) {
        return new String(publish.payload(), StandardCharsets.UTF_8);
    }
}
