package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.ReasonCode;
import io.weft.core.codec.TopicValidation;
import io.weft.core.net.Connection;
import io.weft.core.net.PacketHandler.CloseCause;
import io.weft.core.security.AccessPolicy;
import io.weft.core.security.AuthenticationResult;
import io.weft.core.security.Authenticator.ConnectRequest;
import io.weft.core.session.Session;
import io.weft.core.session.SessionRegistry;
import io.weft.core.session.SessionRegistry.Claim;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Runs on the connecting client's reader thread, once per connection: client identifier rules,
 * authentication (the one seam every CONNECT passes), session claim with takeover, CONNACK, keep alive.
 */
final class ConnectHandler {

    private static final System.Logger LOG = System.getLogger(ConnectHandler.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BrokerContext context;
    private final Connection connection;

    /** A successful CONNECT: the claimed session (already attached) and what the client may do. */
    record Accepted(Session session, AccessPolicy policy) {
    }

    ConnectHandler(BrokerContext context, Connection connection) {
        this.context = context;
        this.connection = connection;
    }

    /** Returns null when the CONNECT was refused (the refusal is queued and the connection closes). */
    Accepted accept(Connect connect) {
        ProtocolVersion version = connect.version();
        String clientId = connect.clientId();
        boolean assigned = false;
        if (clientId.isEmpty()) {
            // 3.1 requires an id; 3.1.1 allows none only with clean session [MQTT-3.1.3-7], [MQTT-3.1.3-8];
            // 5.0 gets an assigned identifier [MQTT-3.1.3-6], [MQTT-3.2.2-16].
            if (version == ProtocolVersion.MQTT_3_1 || (version == ProtocolVersion.MQTT_3_1_1 && !connect.cleanStart())) {
                return refuse(connect, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "empty client id without clean session");
            }
            clientId = "weft-" + HexFormat.of().formatHex(randomBytes());
            assigned = true;
        }
        connection.name(clientId);
        if (connect.will() != null && !TopicValidation.isValidTopicName(connect.will().topic())) {
            return refuse(connect, ReasonCode.TOPIC_NAME_INVALID, "will topic is not a valid topic name");
        }
        AuthenticationResult result = context.authenticator().authenticate(new ConnectRequest(clientId,
                connect.username(), connect.password(), connection.remoteAddress(), version.level()));
        AccessPolicy policy;
        switch (result) {
            case AuthenticationResult.Deny deny -> {
                return refuse(connect, deny.reasonCode(), "authentication refused: " + deny.reason());
            }
            case AuthenticationResult.Allow allow -> policy = allow.policy();
        }

        long expiry = sessionExpiry(connect);
        Claim claim = context.sessions().claim(clientId, connect.cleanStart(), expiry);
        MqttProperties.Builder properties = MqttProperties.builder();
        if (version.isMqtt5()) {
            if (assigned) {
                properties.put(PropertyId.ASSIGNED_CLIENT_IDENTIFIER, clientId);
            }
            properties.put(PropertyId.MAXIMUM_PACKET_SIZE, (long) context.settings().maximumPacketSize());
            properties.put(PropertyId.SHARED_SUBSCRIPTION_AVAILABLE, 0);
        }
        // CONNACK is the first packet the server sends [MQTT-3.2.0-1]; session present is 0 with clean start
        // [MQTT-3.2.2-1] and says whether a session was resumed otherwise [MQTT-3.2.2-2].
        connection.send(new ConnAck(claim.sessionPresent(), ReasonCode.SUCCESS, properties.build()));
        int keepAlive = connect.keepAliveSeconds();
        // Disconnect after one and a half keep alive periods without a packet: [MQTT-3.1.2-24] (3.1.1), [MQTT-3.1.2-22] (5.0); 0 disables it.
        connection.keepAlive(keepAlive * 1500L);
        MqttProperties requested = connect.properties();
        Integer receiveMaximum = requested.integer(PropertyId.RECEIVE_MAXIMUM);
        Long maximumPacketSize = requested.fourByteInteger(PropertyId.MAXIMUM_PACKET_SIZE);
        claim.session().attach(connection, version, receiveMaximum == null ? 65535 : receiveMaximum,
                maximumPacketSize == null ? Long.MAX_VALUE : maximumPacketSize);
        context.counters().connectionsAccepted.increment();
        LOG.log(System.Logger.Level.DEBUG, "{0}: connected with {1}, clean start {2}, session present {3}",
                connection.name(), version, connect.cleanStart(), claim.sessionPresent());
        return new Accepted(claim.session(), policy);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** 3.x: clean session 0 keeps the session forever; 5.0: the Session Expiry Interval, 0 when absent. */
    private static long sessionExpiry(Connect connect) {
        if (!connect.version().isMqtt5()) {
            return connect.cleanStart() ? 0 : SessionRegistry.NEVER_EXPIRES;
        }
        Long expiry = connect.properties().fourByteInteger(PropertyId.SESSION_EXPIRY_INTERVAL);
        return expiry == null ? 0 : expiry;
    }

    /** CONNACK with a failure, then close [MQTT-3.2.2-6]; session present is 0 [MQTT-3.2.2-4]. */
    private Accepted refuse(Connect connect, ReasonCode reason, String why) {
        LOG.log(System.Logger.Level.INFO, "{0}: CONNECT refused with {1}: {2}", connection.name(), reason, why);
        connection.send(new ConnAck(false, reason, MqttProperties.EMPTY));
        connection.closeAfterFlush(CloseCause.PROTOCOL_ERROR);
        return null;
    }
}
