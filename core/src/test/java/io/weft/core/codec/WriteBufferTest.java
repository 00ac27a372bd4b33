package io.weft.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteBufferTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, 00", "127, 7F", "128, 8001", "16383, FF7F", "16384, 808001", "2097151, FFFF7F",
        "2097152, 80808001", "268435455, FFFFFF7F"})
    @DisplayName("[MQTT-1.5.5-1] variable byte integers take the fewest bytes (spec table 1-1)")
    void variableByteInteger(int value, String hex) {
        WriteBuffer out = new WriteBuffer(1);
        out.writeVariableByteInteger(value);
        assertThat(bytes(out)).containsExactly(WireFixture.hex(hex));
        assertThat(VariableByteInteger.size(value)).isEqualTo(hex.length() / 2);
    }

    @Test
    void rejectsOutOfRangeVariableByteInteger() {
        assertThatThrownBy(() -> new WriteBuffer().writeVariableByteInteger(268_435_456))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WriteBuffer().writeVariableByteInteger(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("integers are big-endian [MQTT-1.5.2] [MQTT-1.5.3]; strings carry a two-byte length")
    void writesFields() {
        WriteBuffer out = new WriteBuffer(2);
        out.writeByte(0x1FF);
        out.writeShort(0xABCD);
        out.writeInt(0x01020304);
        out.writeUtf8("é");
        out.writeBytes(new byte[] {9, 8, 7}, 1, 2);
        assertThat(bytes(out)).containsExactly(WireFixture.hex("FF AB CD 01 02 03 04 00 02 C3 A9 08 07"));
    }

    @Test
    @DisplayName("grows by doubling, clear keeps the array")
    void growsAndClears() {
        WriteBuffer out = new WriteBuffer();
        assertThat(out.capacity()).isEqualTo(WriteBuffer.INITIAL_CAPACITY);
        out.writeBytes(new byte[1000], 0, 1000);
        assertThat(out.capacity()).isEqualTo(1024);
        assertThat(out.size()).isEqualTo(1000);
        out.clear();
        assertThat(out.size()).isZero();
        assertThat(out.capacity()).isEqualTo(1024);
        out.writeByte(1);
        assertThat(bytes(out)).containsExactly(1);
    }

    @Test
    void rejectsStringsLongerThan65535Bytes() {
        assertThatThrownBy(() -> new WriteBuffer().writeUtf8("é".repeat(40_000)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(WriteBuffer out) {
        return Arrays.copyOf(out.array(), out.size());
    }
}
