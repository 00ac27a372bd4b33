package io.weft.core.codec;

import java.util.Arrays;

/**
 * Confined to the decoding call that created it. A bounds-checked cursor over one packet body: every
 * read that would pass the limit throws {@link MalformedPacketException}, so no decoder can raise an
 * index exception on hostile input. The limit can be narrowed to a property block and restored.
 */
final class ByteReader {

    private static final ReasonCode[] REASON_CODES = new ReasonCode[256];

    static {
        for (int value = 0; value < REASON_CODES.length; value++) {
            REASON_CODES[value] = new ReasonCode(value);
        }
    }

    private final byte[] bytes;
    private final PacketType type;
    private final int start;
    private int position;
    private int limit;

    ByteReader(byte[] bytes, int offset, int length, PacketType type) {
        this.bytes = bytes;
        this.type = type;
        this.start = offset;
        this.position = offset;
        this.limit = offset + length;
    }

    PacketType type() {
        return type;
    }

    int remaining() {
        return limit - position;
    }

    boolean hasRemaining() {
        return position < limit;
    }

    int readByte(String field) throws MalformedPacketException {
        require(1, field);
        return bytes[position++] & 0xFF;
    }

    int readShort(String field) throws MalformedPacketException {
        require(2, field);
        int value = (bytes[position] & 0xFF) << 8 | bytes[position + 1] & 0xFF;
        position += 2;
        return value;
    }

    /** A four-byte integer, unsigned, hence a long. */
    long readInt(String field) throws MalformedPacketException {
        require(4, field);
        long value = (bytes[position] & 0xFFL) << 24 | (bytes[position + 1] & 0xFF) << 16
                | (bytes[position + 2] & 0xFF) << 8 | bytes[position + 3] & 0xFF;
        position += 4;
        return value;
    }

    /**
     * A variable byte integer of at most four bytes [MQTT-1.5.5]. A longer-than-needed encoding is
     * accepted, as mosquitto and Netty do: [MQTT-1.5.5-1] binds the sender only.
     */
    int readVariableByteInteger(String field) throws MalformedPacketException {
        int value = 0;
        for (int index = 0; index < 4; index++) {
            int digit = readByte(field);
            value |= (digit & 0x7F) << (7 * index);
            if ((digit & 0x80) == 0) {
                return value;
            }
        }
        throw fail(ReasonCode.MALFORMED_PACKET, "Variable byte integer for " + field + " of " + type
                + " is longer than 4 bytes");
    }

    /** A UTF-8 encoded string [MQTT-1.5.4]. */
    String readUtf8(String field) throws MalformedPacketException {
        int length = readShort(field + " length");
        require(length, field);
        int invalid = Utf8.firstInvalid(bytes, position, length);
        if (invalid >= 0) {
            String what = bytes[invalid] == 0 ? "U+0000" : "malformed UTF-8";
            throw fail(ReasonCode.MALFORMED_PACKET, "Invalid " + field + " in " + type + ": " + what
                    + " at byte " + (invalid - position) + " of the string");
        }
        String text = Utf8.decode(bytes, position, length);
        position += length;
        return text;
    }

    /** Binary data with a two-byte length [MQTT-1.5.6]. */
    byte[] readBinary(String field) throws MalformedPacketException {
        int length = readShort(field + " length");
        return readBytes(length, field);
    }

    byte[] readBytes(int length, String field) throws MalformedPacketException {
        require(length, field);
        byte[] copy = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return copy;
    }

    /** A non-zero packet identifier [MQTT-2.2.1-3]. */
    int readPacketId() throws MalformedPacketException {
        int packetId = readShort("packet identifier");
        if (packetId == 0) {
            throw fail(ReasonCode.MALFORMED_PACKET, "Packet identifier of " + type + " must not be 0");
        }
        return packetId;
    }

    /** A reason code that must be one of those {@code allowed} for this packet type. */
    ReasonCode readReasonCode(boolean[] allowed) throws MalformedPacketException {
        int value = readByte("reason code");
        if (!allowed[value]) {
            throw fail(ReasonCode.MALFORMED_PACKET,
                    String.format("Reason code 0x%02X is not valid in %s", value, type));
        }
        return REASON_CODES[value];
    }

    /** The shared instance for a reason code value. */
    static ReasonCode reasonCode(int value) {
        return REASON_CODES[value];
    }

    /** A lookup table for {@link #readReasonCode}. */
    static boolean[] allowed(int... values) {
        boolean[] allowed = new boolean[256];
        for (int value : values) {
            allowed[value] = true;
        }
        return allowed;
    }

    /** Narrows the readable range to the next {@code length} bytes; returns the limit to restore. */
    int narrow(int length, String field) throws MalformedPacketException {
        require(length, field);
        int saved = limit;
        limit = position + length;
        return saved;
    }

    void restore(int savedLimit) {
        limit = savedLimit;
    }

    /** Every byte of the remaining length must belong to the packet. */
    void requireEnd() throws MalformedPacketException {
        if (position != limit) {
            throw fail(ReasonCode.MALFORMED_PACKET, "Remaining length of " + type + " is " + (limit - start)
                    + " but the packet ends after " + (position - start) + " bytes");
        }
    }

    MalformedPacketException fail(ReasonCode reasonCode, String message) {
        return new MalformedPacketException(reasonCode, message);
    }

    private void require(int count, String field) throws MalformedPacketException {
        if (count > limit - position) {
            throw fail(ReasonCode.MALFORMED_PACKET, type + " too short: " + field + " needs " + count
                    + " bytes at offset " + (position - start) + ", " + (limit - position) + " left");
        }
    }
}
