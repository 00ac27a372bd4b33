package io.weft.core.protocol;

import io.weft.core.ProtocolSettings;
import io.weft.core.codec.MalformedPacketException;
import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.Auth;
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
import io.weft.core.security.EnhancedAuthenticator.Step;
import io.weft.core.plugin.EventSink.EventKind;
import io.weft.core.plugin.Events;
import io.weft.core.session.Session;
import io.weft.spi.auth.AuthenticationPhase;
import io.weft.spi.auth.Principal;
import io.weft.spi.event.BrokerEvent;
import io.weft.core.session.SessionRegistry;
import io.weft.core.session.SessionRegistry.Claim;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ScheduledFuture;

/**
 * Runs on the connecting client's reader thread, once per connection: client identifier rules, the limits a
 * CONNECT must respect, authentication (the one seam every CONNECT passes, or the AUTH exchanges of enhanced
 * authentication), session claim with takeover, CONNACK, keep alive.
 */
final class ConnectHandler {

    private static final System.Logger LOG = System.getLogger(ConnectHandler.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BrokerContext context;
    private final Connection connection;
    private final ProtocolSettings settings;
    private Connect connect;
    private String clientId;
    private boolean assigned;
    /** Enhanced authentication, when the CONNECT named a method; kept by the protocol for re-authentication. */
    private AuthExchange authentication;
    /** An AUTH exchange is under way: CONNACK waits for its end. */
    private boolean authenticating;
    /** Closes the connection if the exchange is not over within the connect timeout; null when none runs. */
    private ScheduledFuture<?> exchangeDeadline;

    /**
     * A successful CONNECT: the claimed session (already attached), who the client is and what it may do, its AUTH
     * exchange.
     */
    record Accepted(Session session, Principal principal, AccessPolicy policy, AuthExchange authentication) {
    }

    ConnectHandler(BrokerContext context, Connection connection) {
        this.context = context;
        this.connection = connection;
        this.settings = context.settings().protocol();
    }

    /**
     * Returns null when the CONNECT was refused (the refusal is queued and the connection closes) or when an
     * AUTH exchange has begun ({@link #authenticating()}).
     */
    Accepted accept(Connect request) {
        this.connect = request;
        ProtocolVersion version = connect.version();
        clientId = connect.clientId();
        if (clientId.isEmpty()) {
            // 3.1 requires an id; 3.1.1 allows none only with clean session [MQTT-3.1.3-7], [MQTT-3.1.3-8];
            // 5.0 gets an assigned identifier [MQTT-3.1.3-6], [MQTT-3.2.2-16].
            if (version == ProtocolVersion.MQTT_3_1 || (version == ProtocolVersion.MQTT_3_1_1 && !connect.cleanStart())) {
                return refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "empty client id without clean session");
            }
            clientId = "weft-" + HexFormat.of().formatHex(randomBytes());
            assigned = true;
        }
        connection.name(clientId);
        if (connect.will() != null) {
            if (!TopicValidation.isValidTopicName(connect.will().topic())) {
                return refuse(ReasonCode.TOPIC_NAME_INVALID, "will topic is not a valid topic name");
            }
            ReasonCode willProblem = ConnAckProperties.willProblem(settings, connect.will());
            if (willProblem != null) {
                return refuse(willProblem, "the will's QoS, retain flag or payload format is not accepted");
            }
        }
        if (!version.isMqtt5() && ConnAckProperties.keepAliveOverride(settings, connect.keepAliveSeconds()) >= 0) {
            // 3.x cannot be told another keep alive: refused as mosquitto does (0x02 identifier rejected).
            return refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "keep alive " + connect.keepAliveSeconds()
                    + " s is 0 or above the maximum of " + settings.maximumKeepAliveSeconds() + " s");
        }
        ConnectRequest connectRequest = new ConnectRequest(clientId, connect.username(), connect.password(),
                connection.remoteAddress(), version.level(), connection.localAddress(),
                connect.properties().userProperties());
        String method = version.isMqtt5() ? connect.properties().string(PropertyId.AUTHENTICATION_METHOD) : null;
        if (method != null) {
            authentication = new AuthExchange(context.enhancedAuthenticator(), method, connectRequest);
            return step(authentication.begin(connect.properties().binary(PropertyId.AUTHENTICATION_DATA),
                    AuthenticationPhase.CONNECT));
        }
        AuthenticationResult result = context.authenticator().authenticate(connectRequest);
        return switch (result) {
            case AuthenticationResult.Deny deny -> refuse(deny.reasonCode(), "authentication refused: " + deny.reason());
            case AuthenticationResult.Allow allow -> complete(allow.principal(), allow.policy(), null);
        };
    }

    /** An AUTH exchange is waiting for the client's next AUTH. */
    boolean authenticating() {
        return authenticating;
    }

    /**
     * A packet while the exchange runs: AUTH is its next step; DISCONNECT ends the connection; anything else
     * is refused with CONNACK 0x82 (only AUTH and DISCONNECT may precede CONNACK, 5.0 section 4.12). Null
     * while the exchange goes on or once it ended without a session.
     */
    Accepted duringAuthentication(MqttPacket packet) {
        switch (packet) {
            case Auth auth -> {
                return step(authentication.duringConnect(auth));
            }
            case MqttPacket.Disconnect ignored -> connection.closeAfterFlush(CloseCause.CLIENT_DISCONNECTED);
            default -> refuse(ReasonCode.PROTOCOL_ERROR, packet.type() + " before the authentication exchange ended");
        }
        authenticating = false;
        cancelDeadline();
        return null;
    }

    /** The connection ended during the exchange. */
    void abandon() {
        cancelDeadline();
        if (authentication != null) {
            authentication.abandon();
        }
    }

    private void cancelDeadline() {
        if (exchangeDeadline != null) {
            exchangeDeadline.cancel(false);
            exchangeDeadline = null;
        }
    }

    private Accepted step(Step step) {
        authenticating = false;
        if (!(step instanceof Step.Continue)) {
            cancelDeadline();
        }
        return switch (step) {
            case Step.Continue next -> {
                authenticating = true;
                if (exchangeDeadline == null) {
                    exchangeDeadline = connection.closeUnlessDoneWithin(context.settings().connectTimeout().toMillis(),
                            "the authentication exchange");
                }
                connection.send(authentication.challenge(next.data()));
                yield null;
            }
            case Step.Success success -> complete(success.principal(), success.policy(), success.data());
            case Step.Failure failure -> refuse(failure.reasonCode(), "enhanced authentication with "
                    + authentication.method() + " failed: " + failure.reason());
        };
    }

    private Accepted complete(Principal principal, AccessPolicy policy, byte[] authenticationData) {
        ProtocolVersion version = connect.version();
        long expiry = sessionExpiry(connect);
        Claim claim = context.sessions().claim(clientId, connect.cleanStart(), expiry);
        int keepAlive = connect.keepAliveSeconds();
        MqttProperties properties = MqttProperties.EMPTY;
        MqttProperties requested = connect.properties();
        Integer receiveMaximum = requested.integer(PropertyId.RECEIVE_MAXIMUM);
        Long maximumPacketSize = requested.fourByteInteger(PropertyId.MAXIMUM_PACKET_SIZE);
        long clientMaximumPacketSize = maximumPacketSize == null ? Long.MAX_VALUE : maximumPacketSize;
        if (version.isMqtt5()) {
            int serverKeepAlive = ConnAckProperties.keepAliveOverride(settings, keepAlive);
            if (serverKeepAlive >= 0) {
                keepAlive = serverKeepAlive;
            }
            MqttProperties.Builder builder = authentication == null ? MqttProperties.builder()
                    : authentication.properties(authenticationData); // the method again [MQTT-4.12.0-5]
            properties = ConnAckProperties.accepted(builder, settings, connect, clientId, assigned,
                    context.settings().maximumPacketSize(), serverKeepAlive).build();
            Integer clientAliases = requested.integer(PropertyId.TOPIC_ALIAS_MAXIMUM);
            // Never more aliases than the client accepts [MQTT-3.3.2-11]; the writer owns the table.
            connection.outbound(Math.min(clientAliases == null ? 0 : clientAliases, settings.outboundTopicAliases()),
                    ConnAckProperties.problemInformation(connect), clientMaximumPacketSize);
            connection.countInbound();
        }
        // CONNACK is the first packet the server sends [MQTT-3.2.0-1]; session present is 0 with clean start
        // [MQTT-3.2.2-1] and says whether a session was resumed otherwise [MQTT-3.2.2-2].
        connection.send(new ConnAck(claim.sessionPresent(), ReasonCode.SUCCESS, properties));
        // Disconnect after one and a half keep alive periods without a packet: [MQTT-3.1.2-24] (3.1.1), [MQTT-3.1.2-22] (5.0); 0 disables it.
        connection.keepAlive(keepAlive * 1500L);
        claim.session().attach(connection, version, receiveMaximum == null ? 65535 : receiveMaximum,
                clientMaximumPacketSize);
        context.counters().connectionsAccepted.increment();
        LOG.log(System.Logger.Level.DEBUG, "{0}: connected with {1}, clean start {2}, session present {3}",
                connection.name(), version, connect.cleanStart(), claim.sessionPresent());
        if (context.events().wants(EventKind.CONNECTED)) {
            context.events().emit(new BrokerEvent.ClientConnected(Instant.now(), clientId, principal,
                    Events.version(version), Events.address(connection.remoteAddress()), connect.cleanStart(),
                    claim.sessionPresent()));
        }
        return new Accepted(claim.session(), principal, policy, authentication);
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

    /**
     * CONNACK with a failure, then close [MQTT-3.2.2-6]; session present is 0 [MQTT-3.2.2-4]. 3.x gets the
     * nearest return code (the codec maps what 3.x cannot say to 3, server unavailable).
     */
    private Accepted refuse(ReasonCode reason, String why) {
        LOG.log(System.Logger.Level.INFO, "{0}: CONNECT refused with {1}: {2}", connection.name(), reason, why);
        context.counters().connectsRefused.increment(reason);
        MqttProperties properties = connect.version().isMqtt5()
                ? MqttProperties.builder().put(PropertyId.REASON_STRING, why).build() : MqttProperties.EMPTY;
        connection.send(new ConnAck(false, reason, properties));
        connection.closeAfterFlush(CloseCause.PROTOCOL_ERROR);
        if (context.events().wants(EventKind.CONNECT_REFUSED)) {
            context.events().emit(new BrokerEvent.ConnectRefused(Instant.now(), clientId == null ? "" : clientId,
                    connect.username(), Events.address(connection.remoteAddress()), reason.value(), why));
        }
        return null;
    }

    /**
     * A CONNECT the decoder refused: CONNACK with the reason in the client's own version, then close.
     * An unsupported level gets 0x01 (3.1.1) or 0x84 (5.0) [MQTT-3.1.2-2]; a bad 5.0 CONNECT its reason code.
     */
    static void refuseMalformed(BrokerContext context, Connection connection, MalformedPacketException problem) {
        context.counters().protocolErrors.increment();
        context.counters().connectsRefused.increment(problem.reasonCode());
        LOG.log(System.Logger.Level.WARNING, "{0}: CONNECT refused: {1} (reason {2})", connection.name(),
                problem.getMessage(), problem.reasonCode());
        connection.version(problem.replyVersion());
        connection.send(new ConnAck(false, problem.reasonCode(), MqttProperties.EMPTY));
        connection.closeAfterFlush(CloseCause.PROTOCOL_ERROR);
    }
}
