package io.weft.core.net;

import io.weft.core.codec.MalformedPacketException;
import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.ProtocolVersion;

/**
 * The protocol side of a connection. Every method is called on the connection's reader virtual thread,
 * one at a time; {@link #onPacket} may block (backpressure from a full ring stops the socket being read).
 */
public interface PacketHandler {

    /** The negotiated protocol version, or null before CONNECT. */
    ProtocolVersion version();

    void onPacket(MqttPacket packet);

    /**
     * The reader has handled every packet it had buffered and is about to wait for the socket: work batched
     * over the packets of one read can be handed on now.
     */
    default void onReadIdle() {
    }

    /** Bad input: the handler answers as the spec says (DISCONNECT for 5.0) and closes the connection. */
    void onMalformed(MalformedPacketException problem);

    /** The reader stopped, for {@code cause}; {@code problem} is the exception if one ended it. Called exactly once. */
    void onClosed(CloseCause cause, Throwable problem);

    /** Why a connection ended, for the will decision and the log. */
    enum CloseCause {
        /** The client sent DISCONNECT (or the broker closed it after a normal DISCONNECT). */
        CLIENT_DISCONNECTED,
        /** The socket closed or failed without a DISCONNECT. */
        CONNECTION_LOST,
        /** No packet within 1.5 times the keep alive, or no CONNECT within the connect timeout. */
        TIMEOUT,
        /** Malformed input or a protocol violation. */
        PROTOCOL_ERROR,
        /** The broker closed it: session takeover or shutdown. */
        SERVER_CLOSED
    }
}
