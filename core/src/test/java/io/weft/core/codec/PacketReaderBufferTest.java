package io.weft.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.codec.MqttPacket.PingReq;
import io.weft.core.codec.MqttPacket.Publish;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The adaptive read buffer of {@link PacketReader}: grows under load, shrinks back when reads get small. */
class PacketReaderBufferTest {

    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final int MINIMUM = PacketReader.MINIMUM_BUFFER_SIZE;
    private static final int MAXIMUM = PacketReader.MAXIMUM_BUFFER_SIZE;
    private static final byte[] PING = PacketReaderTest.encode(List.of(new PingReq()));

    @Test
    @DisplayName("reads that fill the buffer double it up to the maximum, so a burst costs few reads")
    void growsWhileReadsFillIt() throws Exception {
        int pings = 20_000;
        ChunkedInputStream stream = new ChunkedInputStream(repeat(PING, pings), Integer.MAX_VALUE);
        PacketReader reader = new PacketReader(stream, 1 << 20);
        assertThat(reader.bufferCapacity()).isEqualTo(MINIMUM);
        List<Integer> capacities = new ArrayList<>();
        for (int index = 0; index < pings; index++) {
            assertThat(reader.read(V5)).isEqualTo(new PingReq());
            if (!capacities.contains(reader.bufferCapacity())) {
                capacities.add(reader.bufferCapacity());
            }
        }
        assertThat(reader.read(V5)).isNull();
        assertThat(capacities).containsExactly(128, 256, 512, 1024, 2048, 4096, 8192, MAXIMUM);
        // 64 + 128 + ... + 16384 bytes in 9 reads, the remaining 7,296 in one, then the end of stream.
        assertThat(stream.reads()).isEqualTo(11);
    }

    @Test
    @DisplayName("after a burst, reads that use little of the buffer halve it back down to the minimum")
    void shrinksWhenReadsGetSmall() throws Exception {
        List<byte[]> segments = new ArrayList<>();
        segments.add(repeat(PING, 20_000));
        int singlePings = PacketReader.SHRINK_AFTER * 10;
        segments.addAll(Collections.nCopies(singlePings, PING));
        PacketReader reader = new PacketReader(new SegmentedInputStream(segments), 1 << 20);
        for (int index = 0; index < 20_000; index++) {
            reader.read(V5);
        }
        assertThat(reader.bufferCapacity()).isEqualTo(MAXIMUM);
        List<Integer> capacities = new ArrayList<>();
        for (int index = 0; index < singlePings; index++) {
            assertThat(reader.read(V5)).isEqualTo(new PingReq());
            if (capacities.isEmpty() || capacities.getLast() != reader.bufferCapacity()) {
                capacities.add(reader.bufferCapacity());
            }
        }
        assertThat(reader.read(V5)).isNull();
        assertThat(capacities).containsExactly(MAXIMUM, 8192, 4096, 2048, 1024, 512, 256, 128, MINIMUM);
    }

    @Test
    @DisplayName("reads that use more than a quarter of the buffer keep its size: no shrinking under steady load")
    void keepsItsSizeUnderSteadyLoad() throws Exception {
        byte[] segment = repeat(PING, 40); // 80 bytes: more than a quarter of 128, less than all of it
        List<byte[]> segments = new ArrayList<>();
        segments.add(repeat(PING, 40)); // fills 64 and grows to 128
        segments.addAll(Collections.nCopies(50, segment));
        PacketReader reader = new PacketReader(new SegmentedInputStream(segments), 1 << 20);
        for (int index = 0; index < 40 * 51; index++) {
            assertThat(reader.read(V5)).isEqualTo(new PingReq());
            assertThat(reader.bufferCapacity()).as("after packet %d", index).isEqualTo(128);
        }
        assertThat(reader.read(V5)).isNull();
    }

    @Test
    @DisplayName("bodies larger than the buffer get their own array and decode between small packets")
    void largeBodiesWithAGrowingBuffer() throws Exception {
        List<MqttPacket> packets = new ArrayList<>();
        for (int size : new int[] {10, 100, 1000, 10_000, 100_000, 50, 20_000, 5}) {
            packets.add(new Publish(false, QoS.AT_LEAST_ONCE, false, "t", 3, MqttProperties.EMPTY, new byte[size]));
            packets.add(new PingReq());
        }
        byte[] bytes = PacketReaderTest.encode(packets);
        for (int chunk : new int[] {1, 63, 64, 65, 1000, 70_000}) {
            PacketReader reader = new PacketReader(new ChunkedInputStream(bytes, chunk), 1 << 20);
            for (MqttPacket packet : packets) {
                assertThat(reader.read(V5)).as("chunk %d", chunk).isEqualTo(packet);
                assertThat(reader.bufferCapacity()).isBetween(MINIMUM, MAXIMUM);
            }
            assertThat(reader.read(V5)).isNull();
        }
    }

    private static byte[] repeat(byte[] packet, int times) {
        byte[] bytes = new byte[packet.length * times];
        for (int index = 0; index < times; index++) {
            System.arraycopy(packet, 0, bytes, index * packet.length, packet.length);
        }
        return bytes;
    }

    /** Gives each segment by itself: one read never spans two, like TCP segments arriving apart. */
    private static final class SegmentedInputStream extends InputStream {

        private final ArrayDeque<byte[]> segments;
        private byte[] current = new byte[0];
        private int position;

        SegmentedInputStream(List<byte[]> segments) {
            this.segments = new ArrayDeque<>(segments);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position == current.length) {
                if (segments.isEmpty()) {
                    return -1;
                }
                current = segments.pollFirst();
                position = 0;
            }
            int count = Math.min(length, current.length - position);
            System.arraycopy(current, position, target, offset, count);
            position += count;
            return count;
        }
    }
}
