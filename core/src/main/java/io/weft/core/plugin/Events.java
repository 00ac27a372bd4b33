package io.weft.core.plugin;

import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.net.PacketHandler.CloseCause;
import io.weft.spi.MqttVersion;
import io.weft.spi.Qos;
import io.weft.spi.event.DisconnectReason;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Conversions from the broker's own types to the SPI's, for events and plugin calls. Stateless. */
public final class Events {

    private static final InetSocketAddress UNKNOWN = InetSocketAddress.createUnresolved("unknown", 0);

    private Events() {
    }

    public static MqttVersion version(ProtocolVersion version) {
        return switch (version) {
            case MQTT_3_1 -> MqttVersion.MQTT_3_1;
            case MQTT_3_1_1 -> MqttVersion.MQTT_3_1_1;
            case MQTT_5 -> MqttVersion.MQTT_5;
        };
    }

    /** The version of a CONNECT protocol level: 3, 4 or 5. */
    public static MqttVersion versionOfLevel(int level) {
        return switch (level) {
            case 3 -> MqttVersion.MQTT_3_1;
            case 4 -> MqttVersion.MQTT_3_1_1;
            case 5 -> MqttVersion.MQTT_5;
            default -> throw new IllegalArgumentException("protocol level " + level);
        };
    }

    public static Qos qos(QoS qos) {
        return switch (qos) {
            case AT_MOST_ONCE -> Qos.AT_MOST_ONCE;
            case AT_LEAST_ONCE -> Qos.AT_LEAST_ONCE;
            case EXACTLY_ONCE -> Qos.EXACTLY_ONCE;
        };
    }

    /** The socket address as an internet address; an unresolved "unknown:0" for anything else (never null). */
    public static InetSocketAddress address(SocketAddress address) {
        return address instanceof InetSocketAddress internet ? internet : UNKNOWN;
    }

    public static DisconnectReason disconnectReason(CloseCause cause) {
        return switch (cause) {
            case CLIENT_DISCONNECTED -> DisconnectReason.CLIENT_DISCONNECTED;
            case CONNECTION_LOST -> DisconnectReason.CONNECTION_LOST;
            case TIMEOUT -> DisconnectReason.KEEP_ALIVE_TIMEOUT;
            case PROTOCOL_ERROR -> DisconnectReason.PROTOCOL_ERROR;
            case SERVER_CLOSED -> DisconnectReason.SERVER_CLOSED;
        };
    }
}
