package io.weft.core.net;

import io.weft.core.codec.MalformedPacketException;
import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.ReasonCode;

/**
 * Owned by the refused connection's reader thread: a connection beyond a connection limit is read up to its
 * CONNECT (the connect timeout still bounds that) and answered with a CONNACK carrying {@code reason}, then
 * closed [MQTT-3.2.2-6]. No session is touched. 3.x clients get return code 3, Server unavailable (the codec
 * maps reason codes without a 3.x equivalent to it).
 */
public final class RefusingHandler implements PacketHandler {

    private final Connection connection;
    private final ReasonCode reason;
    private ProtocolVersion version;

    public RefusingHandler(Connection connection, ReasonCode reason) {
        this.connection = connection;
        this.reason = reason;
    }

    @Override
    public ProtocolVersion version() {
        return version;
    }

    @Override
    public void onPacket(MqttPacket packet) {
        if (version == null && packet instanceof Connect connect) {
            version = connect.version();
            connection.version(version);
            connection.send(new ConnAck(false, reason, MqttProperties.EMPTY));
        }
        // The reader stops after this packet: nothing after CONNECT is read.
        connection.closeAfterFlush(CloseCause.SERVER_CLOSED);
    }

    @Override
    public void onMalformed(MalformedPacketException problem) {
        connection.close(CloseCause.PROTOCOL_ERROR);
    }

    @Override
    public void onClosed(CloseCause cause, Throwable problem) {
        // Nothing was claimed: the caller releases nothing either, a refused connection held no slot.
    }
}
