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
        /** A CONNECT created or resumed {@code session}. */
        SESSION_CLAIMED,
        /** Its connection ended at {@code number} (wall-clock millis). */
        SESSION_DETACHED,
        DROP_SESSION,
        /** The subscriber sent PUBREC for copy {@code number}: journal, then PUBREL to {@code origin}. */
        COPY_RECEIVED,
        /** Copies {@code numbers} are done with (PUBACK, PUBCOMP or a failed PUBREC). */
        COPIES_COMPLETED,
        /** PUBREL for inbound packet id {@code number}: journal, then PUBCOMP to {@code origin}. */
        RELEASE,
        /** The session's will {@code message} (from {@code receivedAtMillis}) waits until {@code number}. */
        WILL_SCHEDULED,
        /** The session's pending will was published or cancelled. */
        WILL_CANCELLED
    }

    Kind kind;
    /** The session the command is for (the publisher for PUBLISH; null for a message the broker makes). */
    Session session;
    /** Where the acknowledgement goes; null when none is due (QoS 0, wills). */
    Connection origin;
    ProtocolVersion originVersion;
    Message message;
    int packetId;
    /** PUBLISH: the id the persist stage's MessageLog gave it, or -1. */
    long messageId = -1;
    /** PUBLISH: when it arrived (wall clock), set by the persist stage for every PUBLISH (message expiry). */
    long receivedAtMillis;
    /** The argument of a session command (see {@link Kind}). */
    long number;
    long[] numbers;
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
        messageId = -1;
        receivedAtMillis = 0;
        number = 0;
        numbers = null;
        subscribe = null;
        decisions = null;
        unsubscribe = null;
    }
}
