package io.weft.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A packet record and its exact bytes, written as annotated hex: whitespace and {@code //} comments are
 * ignored, so every field can carry its own comment.
 */
record WireFixture(String name, ProtocolVersion version, MqttPacket packet, byte[] bytes) {

    static WireFixture of(String name, ProtocolVersion version, MqttPacket packet, String annotatedHex) {
        return new WireFixture(name, version, packet, hex(annotatedHex));
    }

    /** Parses hex digits, skipping whitespace and comments to the end of each line. */
    static byte[] hex(String annotatedHex) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String line : annotatedHex.split("\n")) {
            int comment = line.indexOf("//");
            String digits = (comment >= 0 ? line.substring(0, comment) : line).replaceAll("\\s+", "");
            if (digits.length() % 2 != 0) {
                throw new IllegalArgumentException("odd number of hex digits in line: " + line);
            }
            for (int index = 0; index < digits.length(); index += 2) {
                bytes.write(Integer.parseInt(digits.substring(index, index + 2), 16));
            }
        }
        return bytes.toByteArray();
    }

    /** Decodes through a {@link PacketReader}, which must find exactly this packet and then a clean end. */
    void assertDecodes() throws Exception {
        PacketReader reader = new PacketReader(new ByteArrayInputStream(bytes), 1 << 20);
        ProtocolVersion agreed = packet instanceof MqttPacket.Connect ? null : version;
        assertThat(reader.read(agreed)).isEqualTo(packet);
        assertThat(reader.read(agreed)).isNull();
    }

    void assertEncodes() {
        WriteBuffer out = new WriteBuffer(4);
        PacketEncoder.encode(packet, version, out);
        assertThat(Arrays.copyOf(out.array(), out.size())).containsExactly(bytes);
        assertThat(PacketEncoder.encodedSize(packet, version)).isEqualTo(bytes.length);
    }

    @Override
    public String toString() {
        return name;
    }
}
