package io.weft.core.codec;

/**
 * Thrown by the decoder for input that breaks the protocol. It carries the reason code the spec
 * prescribes (0x81 Malformed Packet, 0x82 Protocol Error, 0x84 Unsupported Protocol Version, 0x95
 * Packet Too Large, ...) and an exact message; the connection turns it into a DISCONNECT (5.0) or a
 * close (3.x). No stack trace: it is an expected outcome, logged as one line.
 */
public final class MalformedPacketException extends Exception {

    private final ReasonCode reasonCode;

    public MalformedPacketException(ReasonCode reasonCode, String message) {
        super(message, null, false, false);
        this.reasonCode = reasonCode;
    }

    public ReasonCode reasonCode() {
        return reasonCode;
    }
}
