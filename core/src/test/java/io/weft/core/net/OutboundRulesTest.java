package io.weft.core.net;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.Auth;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PacketEncoder;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the writer changes in packets towards a 5.0 client: problem information and topic aliases. */
class OutboundRulesTest {

    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final MqttProperties PROBLEM = MqttProperties.builder()
            .put(PropertyId.REASON_STRING, "why").userProperty("k", "v").build();

    @Test
    @DisplayName("[MQTT-3.1.2-29] Request Problem Information 0: no Reason String or User Property on acknowledgements or AUTH")
    void problemInformationRemovedWhereForbidden() {
        OutboundRules rules = new OutboundRules(0, false, Long.MAX_VALUE);
        List<MqttPacket> stripped = List.of(
                rules.apply(new PubAck(1, ReasonCode.NOT_AUTHORIZED, PROBLEM), V5),
                rules.apply(new SubAck(2, List.of(ReasonCode.GRANTED_QOS_0), PROBLEM), V5),
                rules.apply(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, PROBLEM.toBuilder()
                        .put(PropertyId.AUTHENTICATION_METHOD, "m").build()), V5));
        assertThat(((PubAck) stripped.get(0)).properties()).isEqualTo(MqttProperties.EMPTY);
        assertThat(((SubAck) stripped.get(1)).properties()).isEqualTo(MqttProperties.EMPTY);
        MqttProperties auth = ((Auth) stripped.get(2)).properties();
        assertThat(auth.string(PropertyId.AUTHENTICATION_METHOD)).isEqualTo("m");
        assertThat(auth.contains(PropertyId.REASON_STRING)).isFalse();
        assertThat(auth.userProperties()).isEmpty();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-29] PUBLISH and DISCONNECT keep their Reason String and User Properties")
    void publishAndDisconnectKeepThem() {
        OutboundRules rules = new OutboundRules(0, false, Long.MAX_VALUE);
        Publish publish = new Publish(false, QoS.AT_MOST_ONCE, false, "t", 0, PROBLEM, new byte[0]);
        Disconnect disconnect = new Disconnect(ReasonCode.SERVER_SHUTTING_DOWN, PROBLEM);
        assertThat(rules.apply(publish, V5)).isSameAs(publish);
        assertThat(rules.apply(disconnect, V5)).isSameAs(disconnect);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] no new alias when the alias property would push a PUBLISH over the client's Maximum Packet Size")
    void aliasNotAssignedOverClientMaximum() {
        Publish publish = new Publish(false, QoS.AT_MOST_ONCE, false, "t", 0, MqttProperties.EMPTY, new byte[10]);
        int size = PacketEncoder.encodedSize(publish, V5);
        OutboundRules tight = new OutboundRules(4, true, size);
        assertThat(tight.apply(publish, V5)).isSameAs(publish);
        OutboundRules roomy = new OutboundRules(4, true, size + 3);
        Publish aliased = (Publish) roomy.apply(publish, V5);
        assertThat(aliased.properties().integer(PropertyId.TOPIC_ALIAS)).isEqualTo(1);
        assertThat(aliased.topic()).isEqualTo("t");
    }

    @Test
    @DisplayName("rules that change nothing are not kept by the writer")
    void emptyRules() {
        assertThat(new OutboundRules(0, true, Long.MAX_VALUE).isEmpty()).isTrue();
        assertThat(new OutboundRules(1, true, Long.MAX_VALUE).isEmpty()).isFalse();
        assertThat(new OutboundRules(0, false, Long.MAX_VALUE).isEmpty()).isFalse();
    }
}
