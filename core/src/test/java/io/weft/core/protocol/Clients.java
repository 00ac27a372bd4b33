package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.PingReq;
import io.weft.core.codec.MqttPacket.PingResp;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Short-hands for the protocol tests: connect, subscribe and "nothing else is queued" checks on a RawClient. */
final class Clients {

    private Clients() {
    }

    /** A clean-start client without keep alive, CONNACK already checked. */
    static RawClient connected(TestBroker broker, ProtocolVersion version, String clientId) {
        return connected(broker, new Connect(version, clientId, true, 0, null, null, null, MqttProperties.EMPTY));
    }

    /** A client that resumes (or starts) a persistent session: clean session 0, 5.0 with a session expiry. */
    static RawClient persistent(TestBroker broker, ProtocolVersion version, String clientId) {
        MqttProperties properties = version.isMqtt5()
                ? MqttProperties.builder().put(PropertyId.SESSION_EXPIRY_INTERVAL, 3600L).build()
                : MqttProperties.EMPTY;
        return new RawClient(broker.port(), version)
                .send(new Connect(version, clientId, false, 0, null, null, null, properties));
    }

    static RawClient connected(TestBroker broker, Connect connect) {
        RawClient client = new RawClient(broker.port(), connect.version());
        client.send(connect);
        ConnAck ack = client.receive(ConnAck.class);
        assertThat(ack.reasonCode()).as("CONNACK of %s", connect.clientId()).isEqualTo(ReasonCode.SUCCESS);
        return client;
    }

    /** SUBSCRIBE one filter and expect it granted. */
    static void subscribe(RawClient client, int packetId, String filter, QoS qos) {
        client.send(new Subscribe(packetId, List.of(Subscription.of(filter, qos)), MqttProperties.EMPTY));
        SubAck ack = client.receive(SubAck.class);
        assertThat(ack.packetId()).isEqualTo(packetId);
        assertThat(ack.reasonCodes()).containsExactly(ReasonCode.granted(qos));
    }

    /**
     * PINGREQ, and the very next packet must be PINGRESP: proves the broker had queued nothing else for
     * this client before it read the PINGREQ (packets to one client leave in the order they were queued).
     */
    static void expectNothingQueued(RawClient client) {
        client.send(new PingReq());
        MqttPacket next = client.receive();
        assertThat(next).as("the packet after PINGREQ").isInstanceOf(PingResp.class);
    }
}
