package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.metrics.MemoryBudget;
import io.weft.core.net.Connection;
import io.weft.core.net.PacketHandler.CloseCause;
import io.weft.core.session.Session;
import io.weft.spi.event.DropReason;

/**
 * Owned by one connection's reader virtual thread (as its {@link ClientProtocol}): how an established
 * connection refuses a PUBLISH — by reason code in 5.0, by acknowledging or closing in 3.x — at the access
 * policy, the journal's disk cap and the queued-memory budget.
 */
final class PublishRefusals {

    /** ClientProtocol's logger, as before this class was split from it. */
    private static final System.Logger LOG = System.getLogger(ClientProtocol.class.getName());
    /** How long a PUBLISH waits for the queued-memory budget before it is dropped or refused. */
    private static final long MEMORY_WAIT_NANOS = 1_000_000_000L;

    private final BrokerContext context;
    private final Connection connection;
    private final ProtocolVersion version;
    private final Session session;

    PublishRefusals(BrokerContext context, Connection connection, ProtocolVersion version, Session session) {
        this.context = context;
        this.connection = connection;
        this.version = version;
        this.session = session;
    }

    /**
     * A PUBLISH refused (access policy, disk cap): 5.0 acknowledges with the reason code; 3.x can only acknowledge
     * normally or close, and acknowledges [MQTT-3.3.5-2]. Either way the message goes nowhere.
     */
    void refuse(Publish publish, ReasonCode reason) {
        ReasonCode answer = version.isMqtt5() ? reason : ReasonCode.SUCCESS;
        MqttProperties why = PublishChecks.reasonString(version, reason); // the writer drops it if unwanted
        switch (publish.qos()) {
            case AT_LEAST_ONCE -> connection.send(new PubAck(publish.packetId(), answer, why));
            case EXACTLY_ONCE -> {
                if (version.isMqtt5()) {
                    session.releaseInbound(publish.packetId()); // a failed PUBREC ends the exchange
                }
                connection.send(new PubRec(publish.packetId(), answer, why));
            }
            case AT_MOST_ONCE -> {
            }
        }
    }

    /**
     * The journal reached its disk cap: a QoS 1/2 message is refused, never acknowledged and dropped. 5.0
     * gets 0x97 Quota exceeded; 3.x has no way to refuse a PUBLISH, so the connection is closed without an
     * acknowledgement and the client sends it again after reconnecting [MQTT-4.4.0-1].
     */
    void diskFull(Publish publish) {
        context.counters().refusedDiskFull.increment();
        if (!version.isMqtt5()) {
            session.releaseInbound(publish.packetId());
            LOG.log(System.Logger.Level.WARNING, "{0}: journal disk cap reached; closing a 3.x publisher that "
                    + "cannot be refused otherwise", connection.name());
            connection.closeAfterFlush(CloseCause.SERVER_CLOSED);
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "{0}: PUBLISH to {1} refused: journal disk cap reached (0x97)",
                connection.name(), publish.topic());
        refuse(publish, ReasonCode.QUOTA_EXCEEDED);
    }

    /**
     * The broker-wide queued-memory budget: while it is exceeded this reader waits, up to a second, before the
     * PUBLISH enters the ring, which slows the publisher down. Bounded, because a waiting reader does not read
     * its own client's acknowledgements. Still exceeded: QoS 0 is dropped, QoS 1/2 refused as at the disk cap
     * (5.0: 0x97 Quota exceeded; 3.x is closed without an acknowledgement and resends after reconnecting).
     */
    boolean withinMemoryBudget(Publish publish) {
        MemoryBudget budget = context.sessions().memoryBudget();
        if (budget.awaitRoom(MEMORY_WAIT_NANOS)) {
            return true;
        }
        budget.reportExceeded("dropping QoS 0 and refusing QoS 1/2 PUBLISH packets");
        if (publish.qos() == QoS.AT_MOST_ONCE) {
            context.counters().dropped(DropReason.MEMORY, session.clientId(), publish.topic(), publish.qos());
            return false;
        }
        context.counters().refusedMemory.increment();
        if (version.isMqtt5()) {
            refuse(publish, ReasonCode.QUOTA_EXCEEDED);
        } else {
            session.releaseInbound(publish.packetId());
            connection.closeAfterFlush(CloseCause.SERVER_CLOSED);
        }
        return false;
    }
}
