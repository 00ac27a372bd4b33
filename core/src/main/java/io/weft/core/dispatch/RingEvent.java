package io.weft.core.dispatch;

import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Unsubscribe;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.ReasonCode;
import io.weft.core.net.Connection;
import io.weft.core.session.Message;
import io.weft.core.session.Session;

import java.util.List;

/**
 * One preallocated ring slot: written by one producer (a connection's reader thread), then read by the
 * persist and route stages in order; the route stage clears it so the ring holds no stale references.
 */
final class RingEvent {

    enum Kind {
        PUBLISH,
        SUBSCRIBE,
        UNSUBSCRIBE,
        DROP_SESSION
    }

    Kind kind;
    /** The session the command is for (the publisher for PUBLISH; null for a message the broker makes). */
    Session session;
    /** Where the acknowledgement goes; null when none is due (QoS 0, wills). */
    Connection origin;
    ProtocolVersion originVersion;
    Message message;
    int packetId;
    Subscribe subscribe;
    /** For SUBSCRIBE: the reason code the reader decided for each filter (granted QoS or a failure). */
    List<ReasonCode> decisions;
    Unsubscribe unsubscribe;

    void clear() {
        kind = null;
        session = null;
        origin = null;
        originVersion = null;
        message = null;
        packetId = 0;
        subscribe = null;
        decisions = null;
        unsubscribe = null;
    }
}
