package io.weft.core.codec;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 for MQTT strings [MQTT-1.5.4]. Decoding checks by hand (one pass, no decoder object) that the
 * bytes are well-formed UTF-8 per RFC 3629: no overlong forms, no encoded surrogates U+D800..U+DFFF
 * [MQTT-1.5.4-1], nothing above U+10FFFF, and no U+0000 [MQTT-1.5.4-2]. A byte order mark is kept, not
 * skipped [MQTT-1.5.4-3]. Control characters and non-characters are allowed: the spec only says they
 * SHOULD NOT be sent.
 */
final class Utf8 {

    private Utf8() {
    }

    /**
     * The offset of the first byte that makes {@code bytes[offset..offset+length)} invalid, or -1 when it
     * is a valid MQTT string.
     */
    static int firstInvalid(byte[] bytes, int offset, int length) {
        int index = offset;
        int end = offset + length;
        while (index < end) {
            int lead = bytes[index] & 0xFF;
            if (lead >= 0x01 && lead <= 0x7F) {
                index++;
                continue;
            }
            int continuations;
            int low = 0x80;
            int high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                continuations = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                continuations = 2;
                if (lead == 0xE0) {
                    low = 0xA0; // below is an overlong three-byte form
                } else if (lead == 0xED) {
                    high = 0x9F; // above is a surrogate U+D800..U+DFFF
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                continuations = 3;
                if (lead == 0xF0) {
                    low = 0x90; // below is an overlong four-byte form
                } else if (lead == 0xF4) {
                    high = 0x8F; // above is beyond U+10FFFF
                }
            } else {
                return index; // U+0000, a stray continuation byte, C0/C1 (overlong) or F5..FF
            }
            if (index + continuations >= end) { // truncated sequence
                return index;
            }
            int second = bytes[index + 1] & 0xFF;
            if (second < low || second > high) {
                return index;
            }
            for (int next = 2; next <= continuations; next++) {
                int continuation = bytes[index + next] & 0xFF;
                if (continuation < 0x80 || continuation > 0xBF) {
                    return index;
                }
            }
            index += continuations + 1;
        }
        return -1;
    }

    /** Decodes bytes already checked by {@link #firstInvalid}. */
    static String decode(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    /** The UTF-8 length of {@code text}; an unpaired surrogate counts as the one byte '?' it encodes to. */
    static int encodedLength(String text) {
        int length = 0;
        int count = text.length();
        for (int index = 0; index < count; index++) {
            char c = text.charAt(index);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && index + 1 < count
                    && Character.isLowSurrogate(text.charAt(index + 1))) {
                length += 4;
                index++;
            } else if (Character.isSurrogate(c)) {
                length++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** {@link #encodedLength(String)} of the first {@code count} characters of {@code chars}. */
    static int encodedLength(char[] chars, int count) {
        int length = 0;
        for (int index = 0; index < count; index++) {
            char c = chars[index];
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && index + 1 < count && Character.isLowSurrogate(chars[index + 1])) {
                length += 4;
                index++;
            } else if (Character.isSurrogate(c)) {
                length++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /**
     * Writes the first {@code count} characters of {@code chars} as UTF-8 into {@code target} from {@code position},
     * which must have room for {@link #encodedLength(char[], int)} bytes, and returns the position after it.
     * Unpaired surrogates become '?', as {@link String#getBytes} does.
     */
    static int encode(char[] chars, int count, byte[] target, int position) {
        int index = 0;
        while (index < count && chars[index] < 0x80) { // the common case: an ASCII topic
            target[position++] = (byte) chars[index++];
        }
        for (; index < count; index++) {
            char c = chars[index];
            if (c < 0x80) {
                target[position++] = (byte) c;
            } else if (c < 0x800) {
                target[position++] = (byte) (0xC0 | c >> 6);
                target[position++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && index + 1 < count && Character.isLowSurrogate(chars[index + 1])) {
                int codePoint = Character.toCodePoint(c, chars[++index]);
                target[position++] = (byte) (0xF0 | codePoint >> 18);
                target[position++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
                target[position++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
                target[position++] = (byte) (0x80 | codePoint & 0x3F);
            } else if (Character.isSurrogate(c)) {
                target[position++] = '?';
            } else {
                target[position++] = (byte) (0xE0 | c >> 12);
                target[position++] = (byte) (0x80 | c >> 6 & 0x3F);
                target[position++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return position;
    }

}
