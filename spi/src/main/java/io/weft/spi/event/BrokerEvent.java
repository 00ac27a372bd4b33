package io.weft.spi.event;

import io.weft.spi.MqttVersion;
import io.weft.spi.Qos;
import io.weft.spi.auth.Principal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Something that happened in the broker, at {@link #time()}.
 *
 * @since 1.0
 */
public sealed interface BrokerEvent {

    /** Every event type, the default of {@link BrokerEventListener#interests()}. */
    Set<Class<? extends BrokerEvent>> ALL_TYPES = Set.of(ClientConnected.class, ConnectRefused.class,
            ClientDisconnected.class, Subscribed.class, Unsubscribed.class, Published.class, MessageDropped.class);

    Instant time();

    /** The client concerned (the subscriber for {@link MessageDropped}). */
    String clientId();

    /** A CONNECT was accepted: CONNACK 0x00 went out. */
    record ClientConnected(Instant time, String clientId, Principal principal, MqttVersion version,
                           InetSocketAddress remoteAddress, boolean cleanStart, boolean sessionPresent)
            implements BrokerEvent {
        public ClientConnected {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /**
     * A CONNECT was refused with {@code reasonCode} (the MQTT 5 value, also for 3.x clients): a wrong password, a
     * connection limit, an unsupported protocol level.
     *
     * @param username the user name presented, null when absent
     * @param message  why, as the broker logged it
     */
    record ConnectRefused(Instant time, String clientId, String username, InetSocketAddress remoteAddress,
                          int reasonCode, String message) implements BrokerEvent {
    }

    /** A connection of an accepted client ended. */
    record ClientDisconnected(Instant time, String clientId, Principal principal, DisconnectReason reason)
            implements BrokerEvent {
    }

    /**
     * One topic filter of a SUBSCRIBE, with the SUBACK reason code it got: 0, 1 or 2 for the granted QoS,
     * 0x80 and above for a refusal (0x87 when the access policy denied it).
     */
    record Subscribed(Instant time, String clientId, String filter, Qos requestedQos, int reasonCode)
            implements BrokerEvent {
        public boolean granted() {
            return reasonCode < 0x80;
        }
    }

    /** One topic filter of an UNSUBSCRIBE. */
    record Unsubscribed(Instant time, String clientId, String filter) implements BrokerEvent {
    }

    /**
     * A client's PUBLISH was accepted for routing (its access policy allowed it).
     *
     * @param payload a read-only view of the payload; do not keep it beyond the call without copying
     */
    record Published(Instant time, String clientId, String topic, Qos qos, boolean retain, ByteBuffer payload)
            implements BrokerEvent {
        public Published {
            payload = payload.asReadOnlyBuffer();
        }

        @Override
        public ByteBuffer payload() {
            return payload.duplicate();
        }
    }

    /**
     * A message was not delivered to {@code clientId}, or at all when {@code clientId} is the publisher's and the
     * reason is {@link DropReason#MEMORY}.
     */
    record MessageDropped(Instant time, String clientId, String topic, Qos qos, DropReason reason)
            implements BrokerEvent {
    }
}
