package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.Will;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.net.Connection;
import io.weft.core.security.AccessPolicy;
import io.weft.core.session.Message;
import io.weft.core.session.Session;

/**
 * Owned by one connection's reader virtual thread (as its {@link ClientProtocol}): the will of an established
 * connection at its end — published now, handed to the registry for its delay, or refused.
 */
final class WillPublication {

    /** ClientProtocol's logger, as before this class was split from it. */
    private static final System.Logger LOG = System.getLogger(ClientProtocol.class.getName());

    private final BrokerContext context;
    private final Connection connection;
    private final ProtocolVersion version;
    private final Session session;

    WillPublication(BrokerContext context, Connection connection, ProtocolVersion version, Session session) {
        this.context = context;
        this.connection = connection;
        this.version = version;
        this.session = session;
    }

    /**
     * The connection ended: its will (null when there is none or a normal DISCONNECT cleared it) is published
     * under {@code policy}, the one in force at the end, then the registry learns of the end.
     */
    void connectionEnded(Will pending, AccessPolicy policy) {
        Message delayed = null;
        long delaySeconds = 0;
        if (pending != null && !context.shuttingDown().getAsBoolean()) {
            // Any end but a normal DISCONNECT, which cleared it [MQTT-3.1.2-8].
            Message message = authorisedWill(pending, policy);
            Long delay = pending.properties().fourByteInteger(PropertyId.WILL_DELAY_INTERVAL);
            if (message != null && delay != null && delay > 0) {
                delayed = message; // the registry holds it until the delay passes or the session ends [MQTT-3.1.3-9]
                delaySeconds = delay;
            } else if (message != null) {
                context.ring().publish(message, session, null, version, 0);
            }
        }
        context.sessions().connectionEnded(session, connection, delayed, delaySeconds);
    }

    /** The will as it is published (without its delay property), or null when the policy refuses it. */
    private Message authorisedWill(Will pending, AccessPolicy policy) {
        if (pending.topic().startsWith(ClientProtocol.SYS_PREFIX)) {
            context.counters().refusedSysTopic.increment(); // as a PUBLISH there would be
            LOG.log(System.Logger.Level.INFO, "{0}: will to {1} refused: $SYS is the broker's", connection.name(),
                    pending.topic());
            return null;
        }
        if (policy.checkPublish(pending.topic(), pending.qos(), pending.retain()).isError()) {
            LOG.log(System.Logger.Level.INFO, "{0}: will to {1} not authorised", connection.name(), pending.topic());
            return null;
        }
        MqttProperties properties = pending.properties().toBuilder().remove(PropertyId.WILL_DELAY_INTERVAL).build();
        return new Message(pending.topic(), pending.payload(), pending.qos(), pending.retain(), properties,
                session.clientId());
    }
}
