package io.weft.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Provide
    Arbitrary<String> text() {
        return PacketArbitraries.text(40);
    }

    @Property(tries = 2000)
    @Label("valid text encodes like String.getBytes and decodes back")
    void encodesLikeTheJdk(@ForAll("text") String text) {
        byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.encodedLength(text)).isEqualTo(expected.length);
        byte[] actual = new byte[expected.length];
        assertThat(Utf8.encode(text.toCharArray(), text.length(), actual, 0)).isEqualTo(expected.length);
        assertThat(actual).containsExactly(expected);
        assertThat(Utf8.firstInvalid(actual, 0, actual.length)).isEqualTo(-1);
        assertThat(Utf8.decode(actual, 0, actual.length)).isEqualTo(text);
    }

    @Property(tries = 2000)
    @Label("[MQTT-1.5.4] WriteBuffer's strings (measured, then written from the copied characters) are the JDK's "
            + "UTF-8 after a two-byte length, also right after another string was measured")
    void writeBufferEncodesLikeTheJdk(@ForAll("text") String text, @ForAll("text") String other) {
        WriteBuffer out = new WriteBuffer(4);
        out.utf8Length(other);
        out.writeUtf8(text);
        assertThat(out.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        out.writeUtf8(text); // measured just before: the kept characters are used
        byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        byte[] written = java.util.Arrays.copyOf(out.array(), out.size());
        assertThat(written).hasSize(2 * (2 + expected.length));
        for (int copy = 0; copy < 2; copy++) {
            int start = copy * (2 + expected.length);
            assertThat((written[start] & 0xFF) << 8 | written[start + 1] & 0xFF).isEqualTo(expected.length);
            assertThat(java.util.Arrays.copyOfRange(written, start + 2, start + 2 + expected.length))
                    .containsExactly(expected);
        }
    }

    @Property(tries = 5000)
    @Label("[MQTT-1.5.4-1] [MQTT-1.5.4-2] the validator agrees with the JDK's strict decoder plus the U+0000 rule")
    void agreesWithTheStrictJdkDecoder(@ForAll @Size(max = 12) byte[] bytes) {
        boolean jdkValid;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            jdkValid = true;
        } catch (CharacterCodingException e) {
            jdkValid = false;
        }
        boolean hasNul = new String(bytes, StandardCharsets.ISO_8859_1).indexOf('\0') >= 0;
        assertThat(Utf8.firstInvalid(bytes, 0, bytes.length) < 0).isEqualTo(jdkValid && !hasNul);
    }

    @Test
    @DisplayName("[MQTT-1.5.4-3] a byte order mark is kept, not skipped")
    void keepsByteOrderMark() {
        byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 0x61};
        assertThat(Utf8.firstInvalid(bytes, 0, bytes.length)).isEqualTo(-1);
        assertThat(Utf8.decode(bytes, 0, bytes.length)).isEqualTo("\uFEFFa");
    }

    @Test
    @DisplayName("[MQTT-1.5.4-1] surrogates, overlong forms and code points above U+10FFFF are invalid")
    void rejectsInvalidSequences() {
        for (String hex : new String[] {"ED A0 80", "ED BF BF", "C0 80", "C1 BF", "E0 9F BF", "F0 8F BF BF",
            "F4 90 80 80", "F5 80 80 80", "80", "E2 82", "61 00"}) {
            byte[] bytes = WireFixture.hex(hex);
            assertThat(Utf8.firstInvalid(bytes, 0, bytes.length)).as(hex).isGreaterThanOrEqualTo(0);
        }
        byte[] edges = WireFixture.hex("ED 9F BF EE 80 80 F4 8F BF BF 7F");
        assertThat(Utf8.firstInvalid(edges, 0, edges.length)).isEqualTo(-1);
    }

    @Test
    @DisplayName("an unpaired surrogate in a Java string is written as '?' and counted as one byte")
    void unpairedSurrogate() {
        WriteBuffer out = new WriteBuffer();
        out.writeUtf8("a\uD800b");
        assertThat(java.util.Arrays.copyOf(out.array(), out.size())).containsExactly(0, 3, 'a', '?', 'b');
    }
}
