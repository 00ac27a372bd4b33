package io.weft.core.session;

import io.weft.core.QueueOverflowPolicy;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.PubRel;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PacketEncoder;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.spi.event.DropReason;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.net.Connection;
import io.weft.core.net.PacketHandler.CloseCause;

import java.util.ArrayList;
import java.util.List;

/**
 * Confined to its session's lock: the connection a session is attached to, what its client declared in
 * CONNECT (protocol version, Receive Maximum, Maximum Packet Size), and the sending of the session's copies
 * onto it — QoS 0 straight to the writer, QoS 1/2 through the {@link OutboundQueue} as the window allows.
 */
final class Delivery {

    /** Session's logger, as before this class was split from it. */
    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private final String clientId;
    private final QueueLimits limits;
    private final int inflightWindow;
    private final BrokerCounters counters;
    private final OutboundQueue outbound;
    private Connection connection;
    private ProtocolVersion version = ProtocolVersion.MQTT_3_1_1;
    private int sendWindow;
    private long clientMaximumPacketSize = Long.MAX_VALUE;

    Delivery(String clientId, OutboundQueue outbound, QueueLimits limits, int inflightWindow,
             BrokerCounters counters) {
        this.clientId = clientId;
        this.outbound = outbound;
        this.limits = limits;
        this.inflightWindow = inflightWindow;
        this.counters = counters;
        this.sendWindow = inflightWindow;
    }

    /** The attached connection, or null. */
    Connection connection() {
        return connection;
    }

    /**
     * Attaches a connection: resends what was in flight (PUBLISH with DUP [MQTT-4.4.0-1], PUBREL for messages
     * already received by the client) in the original order, then fills the window from the queue.
     */
    void attach(Connection newConnection, ProtocolVersion newVersion, int receiveMaximum, long maximumPacketSize) {
        connection = newConnection;
        version = newVersion;
        sendWindow = Math.min(inflightWindow, receiveMaximum);
        clientMaximumPacketSize = maximumPacketSize;
        for (Outgoing outgoing : outbound.inflightCopies()) {
            if (outgoing.state == Outgoing.State.AWAITING_PUBCOMP) {
                newConnection.send(new PubRel(outgoing.packetId(), ReasonCode.SUCCESS, MqttProperties.EMPTY));
            } else {
                outgoing.duplicate = true;
                newConnection.send(toPublish(outgoing));
            }
        }
        fillWindow();
    }

    void detach() {
        connection = null;
    }

    /**
     * Takeover [MQTT-3.1.4-3]: DISCONNECT 0x8E for 5.0, then the connection is closed and detached. Returns
     * whether one was attached.
     */
    boolean takeOver() {
        if (connection == null) {
            return false;
        }
        if (version.isMqtt5()) {
            connection.send(new Disconnect(ReasonCode.SESSION_TAKEN_OVER, MqttProperties.builder()
                    .put(PropertyId.REASON_STRING, "another connection took over the session").build()));
        }
        connection.closeAfterFlush(CloseCause.SERVER_CLOSED);
        connection = null;
        return true;
    }

    /** See {@link Session#offer(Message, long, QoS, boolean, List, String)}. */
    boolean offer(Message message, long receivedAtMillis, QoS qos, boolean retain,
                  List<Integer> subscriptionIdentifiers, String shareGroup) {
        if (message.expired(receivedAtMillis)) { // [MQTT-3.3.2-5]
            counters.dropped(DropReason.EXPIRED, clientId, message.topic(), qos);
            if (qos == QoS.AT_MOST_ONCE) {
                return true;
            }
            outbound.skipSequence();
            return false;
        }
        if (qos == QoS.AT_MOST_ONCE) {
            offerAtMostOnce(message, receivedAtMillis, retain, subscriptionIdentifiers);
            return true;
        }
        return enqueue(message, receivedAtMillis, qos, retain, subscriptionIdentifiers, shareGroup);
    }

    /**
     * QoS 1/2: queues the copy (bounded in messages and payload bytes; beyond it the copy is counted, logged
     * and dropped, and this returns false), then sends as the window allows.
     */
    private boolean enqueue(Message message, long receivedAtMillis, QoS qos, boolean retain,
                    List<Integer> subscriptionIdentifiers, String shareGroup) {
        if (outbound.full(message.payload().length, limits.maximumMessages(), limits.maximumBytes())) {
            // Expired copies make room before a new one is refused (looked for at most once a second).
            outbound.dropExpired(System.currentTimeMillis(),
                    expired -> counters.dropped(DropReason.EXPIRED, clientId, expired.message.topic(), expired.qos));
        }
        Outgoing copy = outbound.enqueue(message, receivedAtMillis, qos, retain, subscriptionIdentifiers,
                limits.maximumMessages(), limits.maximumBytes());
        if (copy == null) {
            counters.dropped(DropReason.QUEUE_FULL, clientId, message.topic(), qos);
            outbound.reportDrop(clientId, limits.describe(), message);
            return false;
        }
        copy.shareGroup = shareGroup;
        fillWindow();
        return true;
    }

    /**
     * QoS 0 towards the connection. A writer backlog at the message or byte limit is a slow consumer: with
     * DROP_NEWEST the new message is dropped; with DROP_OLDEST the oldest QoS 0 PUBLISH still waiting in the
     * writer's queue (never a QoS 1/2 packet or an acknowledgement) makes room for it. Either drop is counted.
     */
    private void offerAtMostOnce(Message message, long receivedAtMillis, boolean retain,
                         List<Integer> subscriptionIdentifiers) {
        if (connection == null) {
            counters.dropped(DropReason.OFFLINE, clientId, message.topic(), QoS.AT_MOST_ONCE);
            return;
        }
        int bytes = message.payload().length;
        if (backlogFull(bytes)) {
            if (limits.qos0Overflow() == QueueOverflowPolicy.DROP_NEWEST) {
                counters.dropped(DropReason.SLOW_CONSUMER, clientId, message.topic(), QoS.AT_MOST_ONCE);
                return;
            }
            do { // messages of different sizes: as many of the oldest as it takes to make room
                if (!connection.dropOldestAtMostOnce()) { // no QoS 0 left to drop: the new one goes
                    counters.dropped(DropReason.SLOW_CONSUMER, clientId, message.topic(), QoS.AT_MOST_ONCE);
                    return;
                }
                counters.dropped(DropReason.SLOW_CONSUMER, clientId, null, QoS.AT_MOST_ONCE);
            } while (backlogFull(bytes));
        }
        send(Outgoing.publish(message, receivedAtMillis, QoS.AT_MOST_ONCE, retain, 0, false,
                subscriptionIdentifiers, version));
    }

    /** The writer backlog has no room for a QoS 0 PUBLISH of {@code bytes}; an empty one takes any size. */
    private boolean backlogFull(int bytes) {
        if (connection.backlog() >= limits.maximumMessages()) {
            return true;
        }
        long queued = limits.maximumBytes() == 0 ? 0 : connection.backlogBytes();
        return queued > 0 && queued + bytes > limits.maximumBytes();
    }

    /** See {@link Session#received}. */
    long received(int packetId, ReasonCode reasonCode, boolean sendRelease) {
        Outgoing outgoing = outbound.inflight(packetId);
        if (outgoing == null || outgoing.state != Outgoing.State.AWAITING_PUBREC) {
            if (outgoing == null && connection != null) {
                connection.send(new PubRel(packetId, version.isMqtt5()
                        ? ReasonCode.PACKET_IDENTIFIER_NOT_FOUND : ReasonCode.SUCCESS, MqttProperties.EMPTY));
            }
            return -1;
        }
        if (reasonCode.isError()) {
            outbound.remove(packetId);
            fillWindow();
            return outgoing.sequence;
        }
        outgoing.state = Outgoing.State.AWAITING_PUBCOMP;
        if (sendRelease && connection != null) {
            connection.send(new PubRel(packetId, ReasonCode.SUCCESS, MqttProperties.EMPTY));
        }
        return outgoing.sequence;
    }

    /** PUBACK or PUBCOMP: the sequence number of the copy completed, or -1. */
    long complete(int packetId, Outgoing.State expected) {
        Outgoing outgoing = outbound.inflight(packetId);
        if (outgoing != null && outgoing.state == expected) {
            outbound.remove(packetId);
            fillWindow();
            return outgoing.sequence;
        }
        LOG.log(System.Logger.Level.DEBUG, "{0}: acknowledgement for unknown packet id {1}", clientId, packetId);
        return -1;
    }

    /**
     * Shared subscription {@code shareGroup}: removes the copies that may go to another member — QoS 1 ones
     * sent but not acknowledged only once no connection is attached; sent QoS 2 ones stay [MQTT-4.8.2-4].
     */
    List<SharedCopy> takeShared(String shareGroup, int limit) {
        List<Outgoing> taken = outbound.takeShared(shareGroup, connection == null, limit);
        List<SharedCopy> copies = new ArrayList<>(taken.size());
        taken.forEach(copy -> copies.add(new SharedCopy(copy.sequence, copy.message, copy.receivedAtMillis)));
        return copies;
    }

    /** Payload bytes of the PUBLISH packets waiting in the attached connection's writer, 0 without one. */
    long writerBacklogBytes() {
        return connection == null ? 0 : connection.backlogBytes();
    }

    /**
     * Sends queued copies in order while the window has room; a copy whose Message Expiry Interval passed while
     * it waited is dropped instead [MQTT-3.3.2-5] (a journaled one needs no record: the next checkpoint leaves
     * it out and recovery drops an expired copy).
     */
    private void fillWindow() {
        Outgoing next;
        while (connection != null && (next = outbound.nextToSend(sendWindow)) != null) {
            if (next.canExpire() && next.expired(System.currentTimeMillis())) {
                outbound.takeNext(false);
                counters.dropped(DropReason.EXPIRED, clientId, next.message.topic(), next.qos);
                continue;
            }
            Publish publish = toPublish(next);
            if (exceedsClientMaximum(publish)) {
                outbound.takeNext(false);
                counters.dropped(DropReason.TOO_LARGE, clientId, next.message.topic(), next.qos);
                continue;
            }
            outbound.takeNext(true);
            connection.send(publish);
            counters.messagesSent.increment(publish.qos());
        }
    }

    private void send(Publish publish) {
        if (exceedsClientMaximum(publish)) {
            counters.dropped(DropReason.TOO_LARGE, clientId, publish.topic(), publish.qos());
            return;
        }
        if (connection.send(publish)) {
            counters.messagesSent.increment(publish.qos());
        }
    }

    /** [MQTT-3.1.2-24]; sizing is skipped for the clients that set no maximum (most of them). */
    private boolean exceedsClientMaximum(Publish publish) {
        return clientMaximumPacketSize != Long.MAX_VALUE && version.isMqtt5()
                && PacketEncoder.encodedSize(publish, version) > clientMaximumPacketSize;
    }

    private Publish toPublish(Outgoing outgoing) {
        return Outgoing.publish(outgoing.message, outgoing.receivedAtMillis, outgoing.qos, outgoing.retain,
                outgoing.packetId(),
                outgoing.duplicate, outgoing.subscriptionIdentifiers, version);
    }
}
