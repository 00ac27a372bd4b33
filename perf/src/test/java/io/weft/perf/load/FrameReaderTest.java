package io.weft.perf.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Packets split across reads at every boundary come out whole, in order, with no byte lost or added. */
class FrameReaderTest {

    private static final byte[] STREAM = concat(
            hex("20 02 01 00"),                      // CONNACK, session present, accepted
            hex("90 03 00 01 01"),                   // SUBACK, packet id 1, granted QoS 1
            publish(200),                            // PUBLISH with a two-byte remaining length
            hex("D0 00"),                            // PINGRESP: remaining length 0
            publish(3));

    @ParameterizedTest(name = "reads of at most {0} bytes")
    @ValueSource(ints = {1, 2, 3, 5, 7, 64, 1000})
    void packetsSplitAcrossReadsArriveWhole(int chunk) throws IOException {
        assertThat(readAll(new Trickle(STREAM, chunk, null), 16)).containsExactlyElementsOf(expected());
    }

    @Test
    void randomSplitsArriveWhole() throws IOException {
        for (long seed = 0; seed < 50; seed++) {
            assertThat(readAll(new Trickle(STREAM, 0, new Random(seed)), 8)).containsExactlyElementsOf(expected());
        }
    }

    @Test
    void nextHandsOverOnePacketAndKeepsTheRestBuffered() throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(STREAM), 1024);
        List<String> seen = new ArrayList<>();
        reader.next((header, buffer, offset, length) -> seen.add(describe(header, buffer, offset, length)));
        assertThat(seen).containsExactly(expected().getFirst());
        assertThat(reader.dispatch((header, buffer, offset, length) ->
                seen.add(describe(header, buffer, offset, length)), Integer.MAX_VALUE)).isEqualTo(4);
        assertThat(seen).containsExactlyElementsOf(expected());
    }

    @Test
    void aRemainingLengthOfFiveBytesIsMalformed() {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(hex("30 FF FF FF FF 01")), 64);
        assertThatThrownBy(() -> reader.next((header, buffer, offset, length) -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("remaining length");
    }

    private static List<String> readAll(InputStream input, int capacity) throws IOException {
        FrameReader reader = new FrameReader(input, capacity);
        List<String> seen = new ArrayList<>();
        do {
            reader.dispatch((header, buffer, offset, length) -> seen.add(describe(header, buffer, offset, length)),
                    Integer.MAX_VALUE);
        } while (reader.fill() >= 0);
        return seen;
    }

    private static List<String> expected() {
        return List.of("20:0100", "90:000101", "30:" + HexFormat.of().formatHex(publish(200), 3, publish(200).length),
                "D0:", "30:" + HexFormat.of().formatHex(publish(3), 2, publish(3).length));
    }

    private static String describe(int header, byte[] buffer, int offset, int length) {
        return String.format("%02X:", header) + HexFormat.of().formatHex(buffer, offset, offset + length);
    }

    /** PUBLISH QoS 0 to "t" with a payload of {@code size} bytes counting 0, 1, 2... */
    private static byte[] publish(int size) {
        byte[] payload = new byte[size];
        for (int index = 0; index < size; index++) {
            payload[index] = (byte) index;
        }
        return MqttEncoder.publish(Protocol.MQTT_3_1_1, "t", 0, payload).bytes();
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] part : parts) {
            int at = all.length;
            all = Arrays.copyOf(all, at + part.length);
            System.arraycopy(part, 0, all, at, part.length);
        }
        return all;
    }

    /** Returns at most {@code chunk} bytes per read (or a random 1..9 when random is given). */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int chunk;
        private final Random random;
        private int position;

        Trickle(byte[] bytes, int chunk, Random random) {
            this.bytes = bytes;
            this.chunk = chunk;
            this.random = random;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position == bytes.length) {
                return -1;
            }
            int size = Math.min(Math.min(length, random == null ? chunk : 1 + random.nextInt(9)),
                    bytes.length - position);
            System.arraycopy(bytes, position, target, offset, size);
            position += size;
            return size;
        }
    }
}
