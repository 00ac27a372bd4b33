package io.weft.core.codec;

import java.util.Arrays;

/**
 * Owned by the connection's writer thread. A growable byte array that outbound packets are encoded
 * into before one socket write. It starts small and doubles; {@link #release} shrinks it again so an
 * idle connection does not keep the array of its largest packet.
 */
public final class WriteBuffer {

    /** The capacity a new buffer starts with. */
    public static final int INITIAL_CAPACITY = 256;

    private byte[] bytes;
    private int size;
    /** The characters of the string last measured; made on the first string, for this buffer's life. */
    private char[] chars;
    /** The string whose characters {@link #chars} holds, and its UTF-8 length. */
    private String measured;
    private int measuredLength;

    public WriteBuffer() {
        this(INITIAL_CAPACITY);
    }

    public WriteBuffer(int initialCapacity) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("initial capacity must be positive: " + initialCapacity);
        }
        this.bytes = new byte[initialCapacity];
    }

    public void writeByte(int value) {
        ensureCapacity(1);
        bytes[size++] = (byte) value;
    }

    /** A two-byte big-endian integer [MQTT-1.5.2]. */
    public void writeShort(int value) {
        ensureCapacity(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    /** A four-byte big-endian integer [MQTT-1.5.3]. */
    public void writeInt(int value) {
        ensureCapacity(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    public void writeBytes(byte[] source, int offset, int length) {
        ensureCapacity(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    public void writeBytes(byte[] source) {
        writeBytes(source, 0, source.length);
    }

    /** A variable byte integer in the fewest bytes [MQTT-1.5.5-1]; {@code value} is 0..268,435,455. */
    public void writeVariableByteInteger(int value) {
        if (value < 0 || value > VariableByteInteger.MAXIMUM) {
            throw new IllegalArgumentException("variable byte integer out of range: " + value);
        }
        ensureCapacity(4);
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            bytes[size++] = (byte) (value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }

    /**
     * A UTF-8 encoded string: two-byte length, then the bytes [MQTT-1.5.4]. The characters are copied out once
     * (an intrinsic for the JDK's compact strings) and encoded from the array: a {@code charAt} loop over the
     * string compiled into slower code once other code's use of {@code String} had shaped the JIT's profile.
     */
    public void writeUtf8(String text) {
        int length = utf8Length(text);
        int count = text.length();
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("string longer than 65535 bytes in UTF-8: " + length);
        }
        ensureCapacity(2 + length);
        bytes[size++] = (byte) (length >>> 8);
        bytes[size++] = (byte) length;
        size = Utf8.encode(chars, count, bytes, size);
    }

    /**
     * The UTF-8 length of {@code text}, keeping its characters for a {@link #writeUtf8} of the same string that
     * follows (an encoder measures a packet before it writes it).
     */
    public int utf8Length(String text) {
        if (text == measured) {
            return measuredLength;
        }
        int count = text.length();
        if (chars == null || chars.length < count) {
            chars = new char[Math.max(count, 64)];
        }
        text.getChars(0, count, chars, 0);
        measured = text;
        measuredLength = Utf8.encodedLength(chars, count);
        return measuredLength;
    }

    /** Binary data: two-byte length, then the bytes [MQTT-1.5.6]. */
    public void writeBinary(byte[] data) {
        if (data.length > 0xFFFF) {
            throw new IllegalArgumentException("binary data longer than 65535 bytes: " + data.length);
        }
        writeShort(data.length);
        writeBytes(data, 0, data.length);
    }

    /** The backing array; bytes {@code 0..size()-1} are the content. */
    public byte[] array() {
        return bytes;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return bytes.length;
    }

    /** Forgets the content; keeps the array. */
    public void clear() {
        size = 0;
    }

    private void ensureCapacity(int extra) {
        long needed = (long) size + extra;
        if (needed <= bytes.length) {
            return;
        }
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("write buffer cannot hold " + needed + " bytes");
        }
        long capacity = bytes.length;
        while (capacity < needed) {
            capacity *= 2;
        }
        bytes = Arrays.copyOf(bytes, (int) Math.min(capacity, Integer.MAX_VALUE - 8));
    }
}
