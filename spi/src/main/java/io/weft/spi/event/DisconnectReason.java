package io.weft.spi.event;

/**
 * Why a connection ended.
 *
 * @since 1.0
 */
public enum DisconnectReason {
    /** The client sent DISCONNECT. */
    CLIENT_DISCONNECTED,
    /** The network connection closed or failed without a DISCONNECT. */
    CONNECTION_LOST,
    /** No packet within one and a half keep-alive periods. */
    KEEP_ALIVE_TIMEOUT,
    /** Malformed input, a protocol violation, a limit the client exceeded, or a failed re-authentication. */
    PROTOCOL_ERROR,
    /** The broker ended it: another connection took the session over, or the broker shut down. */
    SERVER_CLOSED
}
