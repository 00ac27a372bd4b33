package io.weft.core.codec;

/**
 * Thrown by the decoder for input that breaks the protocol. It carries the reason code the spec
 * prescribes (0x81 Malformed Packet, 0x82 Protocol Error, 0x84 Unsupported Protocol Version, 0x95
 * Packet Too Large, ...) and an exact message; the connection turns it into a DISCONNECT (5.0) or a
 * close (3.x). No stack trace: it is an expected outcome, logged as one line.
 */
public final class MalformedPacketException extends Exception {

    private final ReasonCode reasonCode;
    private final ProtocolVersion replyVersion;

    public MalformedPacketException(ReasonCode reasonCode, String message) {
        this(reasonCode, message, null);
    }

    /**
     * An exception for a CONNECT that may still be answered: {@code replyVersion} is the revision whose
     * CONNACK format the refusal uses (an unsupported protocol level is answered with 0x01 in the 3.1.1
     * format or 0x84 in the 5.0 format [MQTT-3.1.2-2]).
     */
    public MalformedPacketException(ReasonCode reasonCode, String message, ProtocolVersion replyVersion) {
        super(message, null, false, false);
        this.reasonCode = reasonCode;
        this.replyVersion = replyVersion;
    }

    public ReasonCode reasonCode() {
        return reasonCode;
    }

    /** The CONNACK format to refuse a CONNECT with before closing, or null when the connection just closes. */
    public ProtocolVersion replyVersion() {
        return replyVersion;
    }
}
