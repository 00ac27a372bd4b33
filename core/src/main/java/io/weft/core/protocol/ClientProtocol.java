package io.weft.core.protocol;

import io.weft.core.codec.MalformedPacketException;
import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.PingResp;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubComp;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.PubRel;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttPacket.Unsubscribe;
import io.weft.core.codec.MqttPacket.Will;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.codec.TopicValidation;
import io.weft.core.net.Connection;
import io.weft.core.net.PacketHandler;
import io.weft.core.security.AccessPolicy;
import io.weft.core.security.EnhancedAuthenticator.Step;
import io.weft.core.session.Message;
import io.weft.core.session.Session;
import io.weft.spi.auth.Principal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Owned by one connection's reader virtual thread: the MQTT state machine of that connection, an
 * exhaustive switch over the packet records. CONNECT is handled by {@link ConnectHandler}; everything
 * after it needs the session it claimed.
 */
public final class ClientProtocol implements PacketHandler {

    private static final System.Logger LOG = System.getLogger(ClientProtocol.class.getName());
    private static final long[] NO_COMPLETIONS = new long[0];
    private static final int MAXIMUM_COMPLETIONS_PER_EVENT = 256;
    /** Topics only the broker publishes to (its statistics). */
    static final String SYS_PREFIX = "$SYS/";

    private final BrokerContext context;
    private final Connection connection;
    private ProtocolVersion version;
    private Session session;
    private AccessPolicy policy = AccessPolicy.ALLOW_ALL;
    private Principal principal = Principal.ANONYMOUS;
    private Will will;
    private String clientId = "";
    private long connectExpiryInterval;
    /** The ring sequence of this client's last PUBLISH, for the ring's fair share; -1 before the first. */
    private long lastPublished = -1;
    private volatile boolean established;
    /** Non-null while a CONNECT waits for the end of its AUTH exchange (5.0 enhanced authentication). */
    private ConnectHandler connecting;
    /** Enhanced authentication of this connection, for re-authentication; null when CONNECT named no method. */
    private AuthExchange authentication;
    /** Created on first use: an idle connection (most of a fleet's) holds none of them. */
    private PublishChecks publishChecks;
    private PublishRefusals refusals;
    private SubscribeChecks subscribeChecks;
    /** Sequence numbers of copies acknowledged since the last read went idle (persistent sessions). */
    private long[] completed = NO_COMPLETIONS;
    private int completedCount;

    public ClientProtocol(BrokerContext context, Connection connection) {
        this.context = context;
        this.connection = connection;
    }

    @Override
    public ProtocolVersion version() {
        return version;
    }

    @Override
    public void onPacket(MqttPacket packet) {
        if (connecting != null) { // a CONNECT's AUTH exchange runs
            ConnectHandler.Accepted accepted = connecting.duringAuthentication(packet);
            if (accepted != null) {
                established(accepted);
            } else if (!connecting.authenticating()) {
                connecting = null; // refused, or the client disconnected
            }
            return;
        }
        switch (packet) {
            case Connect connect -> connect(connect);
            case Publish publish -> publish(publish);
            case PubAck ack -> copyDone(session.acknowledged(ack.packetId()));
            case PubRec received -> copyReceived(received);
            case PubRel release -> release(release);
            case PubComp complete -> copyDone(session.completed(complete.packetId()));
            case Subscribe subscribe -> subscribe(subscribe);
            case Unsubscribe unsubscribe -> {
                context.ring().unsubscribe(session, connection, unsubscribe);
                ClientEvents.unsubscribed(context.events(), clientId, unsubscribe);
            }
            case MqttPacket.PingReq ping -> connection.send(new PingResp()); // [MQTT-3.12.4-1]
            case Disconnect disconnect -> disconnect(disconnect);
            case MqttPacket.Auth auth -> auth(auth);
            case MqttPacket.ConnAck ignored -> serverOnly(packet);
            case MqttPacket.SubAck ignored -> serverOnly(packet);
            case MqttPacket.UnsubAck ignored -> serverOnly(packet);
            case PingResp ignored -> serverOnly(packet);
        }
    }

    private void connect(Connect connect) {
        if (established || version != null) {
            violation(ReasonCode.PROTOCOL_ERROR, "second CONNECT [MQTT-3.1.0-2]");
            return;
        }
        version = connect.version();
        connection.version(version);
        will = connect.will(); // published only once a session is established
        ConnectHandler handler = new ConnectHandler(context, connection);
        ConnectHandler.Accepted accepted = handler.accept(connect);
        if (accepted == null) {
            // Refused (CONNACK with the reason is queued and the connection closes) or authenticating.
            connecting = handler.authenticating() ? handler : null;
            return;
        }
        established(accepted);
    }

    private void established(ConnectHandler.Accepted accepted) {
        connecting = null;
        session = accepted.session();
        policy = accepted.policy();
        principal = accepted.principal();
        authentication = accepted.authentication();
        clientId = session.clientId();
        connectExpiryInterval = session.expiryIntervalSeconds();
        established = true;
        context.counters().clients.connected(); // undone in onClosed, which runs once a session is set
    }

    /** AUTH after CONNACK: a re-authentication (5.0 section 4.12.1); failure ends the connection [MQTT-4.12.1-2]. */
    private void auth(MqttPacket.Auth auth) {
        if (!established || authentication == null) {
            violation(ReasonCode.PROTOCOL_ERROR, "AUTH without an authentication method in CONNECT");
            return;
        }
        switch (authentication.afterConnect(auth)) {
            case Step.Continue next -> connection.send(authentication.challenge(next.data()));
            case Step.Success success -> {
                policy = success.policy();
                principal = success.principal();
                connection.send(authentication.success(success.data()));
            }
            case Step.Failure failure -> violation(failure.reasonCode(), "re-authentication failed: " + failure.reason());
        }
    }

    private void publish(Publish received) {
        Publish publish = publishChecks().accept(received); // topic alias resolved and removed
        if (publish == null) {
            violation(publishChecks().problem().reason(), publishChecks().problem().message());
            return;
        }
        int packetId = publish.packetId();
        if (publish.qos() == QoS.EXACTLY_ONCE && !session.beginInboundExactlyOnce(packetId)) {
            // A resend of a message already received: acknowledge again, never deliver twice [MQTT-4.3.3-9].
            connection.send(new PubRec(packetId, ReasonCode.SUCCESS, MqttProperties.EMPTY));
            return;
        }
        if (!publishChecks().withinReceiveMaximum(publish)) {
            if (publish.qos() == QoS.EXACTLY_ONCE) {
                session.releaseInbound(packetId); // never received: its resend must be routed, not just PUBREC'd
            }
            violation(publishChecks().problem().reason(), publishChecks().problem().message());
            return;
        }
        context.counters().messagesReceived.increment(publish.qos());
        if (publish.qos() != QoS.AT_MOST_ONCE && context.diskQuota().full()) {
            refusals().diskFull(publish);
            return;
        }
        if (publish.topic().startsWith(SYS_PREFIX)) {
            // $SYS holds the broker's own statistics: refused like an unauthorised publish, and counted.
            context.counters().refusedSysTopic.increment();
            LOG.log(System.Logger.Level.DEBUG, "{0}: PUBLISH to {1} refused: $SYS is the broker's",
                    connection.name(), publish.topic());
            refusals().refuse(publish, ReasonCode.NOT_AUTHORIZED);
            return;
        }
        if (!publishChecks().payloadValid(publish)) {
            // QoS 1/2 are refused in their acknowledgement, QoS 0 has none: DISCONNECT [MQTT-3.3.2-4].
            if (publish.qos() == QoS.AT_MOST_ONCE) {
                violation(publishChecks().problem().reason(), publishChecks().problem().message());
            } else {
                context.counters().refusedPayloadFormat.increment();
                refusals().refuse(publish, ReasonCode.PAYLOAD_FORMAT_INVALID);
            }
            return;
        }
        if (!refusals().withinMemoryBudget(publish)) {
            return;
        }
        ReasonCode allowed = policy.checkPublish(publish.topic(), publish.qos(), publish.retain());
        if (allowed.isError()) {
            LOG.log(System.Logger.Level.INFO, "{0}: PUBLISH to {1} not authorised ({2})", connection.name(),
                    publish.topic(), allowed);
            refusals().refuse(publish, allowed);
            return;
        }
        ClientEvents.published(context.events(), clientId, publish);
        Message message = new Message(publish.topic(), publish.payload(), publish.qos(), publish.retain(),
                publish.properties(), clientId);
        context.ring().awaitFairShare(lastPublished);
        lastPublished = context.ring().publish(message, session, connection, version,
                publish.qos() == QoS.AT_MOST_ONCE ? 0 : packetId);
    }

    private void release(PubRel release) {
        boolean known = session.releaseInbound(release.packetId());
        if (known && session.isPersistent()) {
            context.ring().release(session, connection, release.packetId()); // journaled, then PUBCOMP
            return;
        }
        ReasonCode reason = known || !version.isMqtt5() ? ReasonCode.SUCCESS : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND;
        connection.send(new PubComp(release.packetId(), reason, MqttProperties.EMPTY)); // [MQTT-4.3.3-11]
    }

    /**
     * A copy towards this client is done with; a persistent session journals it through the ring, one event
     * for all the acknowledgements of one read (a draining subscriber sends them back to back).
     */
    private void copyDone(long sequence) {
        if (sequence >= 0 && session.isPersistent()) {
            if (completed.length == completedCount) {
                completed = Arrays.copyOf(completed, Math.max(8, completedCount * 2));
            }
            completed[completedCount++] = sequence;
            if (completedCount == MAXIMUM_COMPLETIONS_PER_EVENT) {
                flushCompleted();
            }
        }
    }

    @Override
    public void onReadIdle() {
        if (completedCount > 0) {
            flushCompleted();
        }
    }

    private void flushCompleted() {
        context.ring().copiesCompleted(session, Arrays.copyOf(completed, completedCount));
        completedCount = 0;
    }

    /**
     * PUBREC for a copy. A persistent session's PUBREL goes out through the ring once the PUBREC is journaled: a
     * client that completed the exchange must not get the copy again, as a new message, after a crash.
     */
    private void copyReceived(PubRec received) {
        boolean persistent = session.isPersistent();
        long sequence = session.received(received.packetId(), received.reasonCode(), !persistent);
        if (received.reasonCode().isError()) {
            copyDone(sequence);
        } else if (sequence >= 0 && persistent) {
            context.ring().copyReceived(session, connection, sequence);
        }
    }

    private void subscribe(Subscribe subscribe) {
        if (subscribeChecks().identifierRefused(subscribe)) {
            violation(ReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED,
                    "subscription identifier while subscription identifiers are not available");
            return;
        }
        for (Subscription subscription : subscribe.subscriptions()) {
            if (subscription.noLocal() && TopicValidation.isSharedSubscription(subscription.filter())) {
                violation(ReasonCode.PROTOCOL_ERROR, "No Local on shared subscription " + subscription.filter()
                        + " [MQTT-3.8.3-4]");
                return;
            }
        }
        List<ReasonCode> decisions = new ArrayList<>(subscribe.subscriptions().size());
        for (Subscription subscription : subscribe.subscriptions()) {
            ReasonCode refused = subscribeChecks().refusal(subscription); // wildcards announced as unavailable
            decisions.add(refused != null ? refused
                    : subscribeChecks().capped(subscribeChecks().decide(subscription, policy, connection.name())));
        }
        context.ring().subscribe(session, connection, subscribe, decisions);
        ClientEvents.subscribed(context.events(), clientId, subscribe, decisions);
    }

    private void disconnect(Disconnect disconnect) {
        if (version.isMqtt5()) {
            Long expiry = disconnect.properties().fourByteInteger(PropertyId.SESSION_EXPIRY_INTERVAL);
            if (expiry != null) {
                if (connectExpiryInterval == 0 && expiry != 0) {
                    violation(ReasonCode.PROTOCOL_ERROR, "session expiry set at DISCONNECT after 0 in CONNECT (5.0 section 3.14.2.2.2)");
                    return;
                }
                session.expiryIntervalSeconds(expiry);
            }
        }
        connection.disconnectReceived(disconnect.reasonCode());
        if (!disconnect.reasonCode().equals(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE)) {
            will = null; // a normal DISCONNECT discards the will [MQTT-3.1.2-10]; 0x04 asks for it (5.0)
        }
        connection.closeAfterFlush(CloseCause.CLIENT_DISCONNECTED); // [MQTT-3.14.4-1]
    }

    private void serverOnly(MqttPacket packet) {
        violation(ReasonCode.PROTOCOL_ERROR, packet.type() + " is sent only by servers");
    }

    @Override
    public void onMalformed(MalformedPacketException problem) {
        if (version == null && problem.replyVersion() != null) {
            ConnectHandler.refuseMalformed(context, connection, problem);
            return;
        }
        violation(problem.reasonCode(), problem.getMessage());
    }

    /**
     * Malformed input or a protocol violation: 5.0 gets DISCONNECT with the reason code [MQTT-4.13.1-1],
     * 3.x is closed.
     */
    private void violation(ReasonCode reason, String message) {
        context.counters().protocolErrors.increment();
        LOG.log(System.Logger.Level.WARNING, "{0}: {1} (reason {2}); closing the connection",
                connection.name(), message, reason);
        if (version != null && version.isMqtt5() && established) {
            connection.send(new Disconnect(reason, MqttProperties.builder()
                    .put(PropertyId.REASON_STRING, message).build()));
        }
        connection.closeAfterFlush(CloseCause.PROTOCOL_ERROR);
    }

    /** Graceful shutdown: DISCONNECT 0x8B for 5.0 [MQTT-3.14.2], then close once flushed. */
    public void shutdown() {
        ProtocolVersion negotiated = version;
        if (established && negotiated != null && negotiated.isMqtt5()) {
            connection.send(new Disconnect(ReasonCode.SERVER_SHUTTING_DOWN, MqttProperties.builder()
                    .put(PropertyId.REASON_STRING, "the broker is shutting down").build()));
        }
        connection.closeAfterFlush(CloseCause.SERVER_CLOSED);
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public void onClosed(CloseCause cause, Throwable problem) {
        if (connecting != null) {
            connecting.abandon(); // the client left (or timed out) in the middle of an AUTH exchange
        }
        if (session == null) {
            return;
        }
        if (authentication != null) {
            authentication.abandon(); // a re-authentication under way, if any
        }
        ClientEvents.disconnected(context.events(), clientId, principal, cause);
        context.counters().clients.disconnected();
        context.counters().disconnects.count(cause, connection.disconnectReason());
        onReadIdle();
        LOG.log(System.Logger.Level.DEBUG, "{0}: connection ended ({1})", connection.name(), cause);
        Will pending = will;
        will = null;
        new WillPublication(context, connection, version, session).connectionEnded(pending, policy);
    }

    private PublishChecks publishChecks() {
        if (publishChecks == null) {
            publishChecks = new PublishChecks(context.settings().protocol(), version, connection);
        }
        return publishChecks;
    }

    private PublishRefusals refusals() {
        if (refusals == null) {
            refusals = new PublishRefusals(context, connection, version, session);
        }
        return refusals;
    }

    private SubscribeChecks subscribeChecks() {
        if (subscribeChecks == null) {
            subscribeChecks = new SubscribeChecks(context.settings().protocol(), version);
        }
        return subscribeChecks;
    }
}
