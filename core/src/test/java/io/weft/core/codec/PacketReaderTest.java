package io.weft.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.core.codec.MqttPacket.PingReq;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.Publish;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PacketReaderTest {

    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;

    private static final List<MqttPacket> SMALL_PACKETS = List.of(
            new Publish(false, QoS.AT_LEAST_ONCE, false, "a/b", 1, MqttProperties.EMPTY, new byte[] {1, 2, 3}),
            new PubAck(9, ReasonCode.SUCCESS, MqttProperties.EMPTY),
            new PingReq(),
            new PubAck(10, ReasonCode.NO_MATCHING_SUBSCRIBERS, MqttProperties.EMPTY),
            new Publish(false, QoS.AT_MOST_ONCE, true, "x", 0, MqttProperties.EMPTY, new byte[0]));

    @Test
    @DisplayName("several small packets in one segment are all decoded from one read() call")
    void decodesSeveralPacketsFromOneRead() throws Exception {
        ChunkedInputStream stream = new ChunkedInputStream(encode(SMALL_PACKETS), Integer.MAX_VALUE);
        PacketReader reader = new PacketReader(stream, 1 << 20);
        for (int index = 0; index < SMALL_PACKETS.size(); index++) {
            assertThat(reader.read(V5)).isEqualTo(SMALL_PACKETS.get(index));
            assertThat(reader.hasBufferedData()).isEqualTo(index < SMALL_PACKETS.size() - 1);
        }
        assertThat(stream.reads()).isEqualTo(1);
        assertThat(reader.read(V5)).isNull();
    }

    @Test
    @DisplayName("a packet split into one-byte reads decodes, including a body larger than the buffer")
    void decodesOneBytePerRead() throws Exception {
        List<MqttPacket> packets = new ArrayList<>(SMALL_PACKETS);
        packets.add(1, largePublish(3000));
        PacketReader reader = new PacketReader(new ChunkedInputStream(encode(packets), 1), 1 << 20);
        for (MqttPacket packet : packets) {
            assertThat(reader.read(V5)).isEqualTo(packet);
        }
        assertThat(reader.read(V5)).isNull();
    }

    @Test
    @DisplayName("bodies larger than the internal buffer decode, between small packets in the same reads")
    void decodesBodiesLargerThanTheBuffer() throws Exception {
        List<MqttPacket> packets = List.of(SMALL_PACKETS.get(0), largePublish(PacketReader.MAXIMUM_BUFFER_SIZE * 5),
                SMALL_PACKETS.get(1), largePublish(PacketReader.MINIMUM_BUFFER_SIZE - 3), largePublish(70_000),
                largePublish(PacketReader.MAXIMUM_BUFFER_SIZE - 40));
        PacketReader reader = new PacketReader(new ChunkedInputStream(encode(packets), 1500), 1 << 20);
        for (MqttPacket packet : packets) {
            assertThat(reader.read(V5)).isEqualTo(packet);
        }
        assertThat(reader.read(V5)).isNull();
    }

    @Test
    @DisplayName("a tiny buffer, fixed or growing, compacts and still decodes every packet of every chunking")
    void decodesWithATinyBuffer() throws Exception {
        List<MqttPacket> packets = new ArrayList<>(SMALL_PACKETS);
        packets.add(largePublish(40));
        packets.addAll(SMALL_PACKETS);
        byte[] bytes = encode(packets);
        for (int maximum : new int[] {16, 64}) {
            for (int chunk = 1; chunk <= 20; chunk++) {
                PacketReader reader = new PacketReader(new ChunkedInputStream(bytes, chunk), 1 << 20, 16, maximum);
                for (MqttPacket packet : packets) {
                    assertThat(reader.read(V5)).as("maximum %d, chunk %d", maximum, chunk).isEqualTo(packet);
                }
                assertThat(reader.read(V5)).isNull();
            }
        }
    }

    @Test
    @DisplayName("3.1.2.11.4 a declared 200 MB packet is rejected as too large before its body is read")
    void rejectsTooLargeBeforeReadingTheBody() {
        WriteBuffer header = new WriteBuffer();
        header.writeByte(0x30);
        header.writeVariableByteInteger(200_000_000);
        byte[] bytes = Arrays.copyOf(header.array(), header.size());
        ChunkedInputStream stream = new ChunkedInputStream(bytes, Integer.MAX_VALUE, bytes.length);
        PacketReader reader = new PacketReader(stream, 1 << 20);
        assertThatThrownBy(() -> reader.read(V5))
                .isInstanceOfSatisfying(MalformedPacketException.class, exception -> {
                    assertThat(exception.reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE);
                    assertThat(exception.getMessage())
                            .isEqualTo("Packet of 200000005 bytes exceeds the maximum packet size of 1048576");
                });
        assertThat(stream.position()).isEqualTo(bytes.length);
    }

    @Test
    @DisplayName("a packet of exactly the maximum packet size passes, one byte more does not")
    void maximumPacketSizeIsInclusive() throws Exception {
        MqttPacket packet = largePublish(2000);
        byte[] bytes = encode(List.of(packet));
        assertThat(new PacketReader(new ByteArrayInputStream(bytes), bytes.length).read(V5)).isEqualTo(packet);
        assertThatThrownBy(() -> new PacketReader(new ByteArrayInputStream(bytes), bytes.length - 1).read(V5))
                .isInstanceOfSatisfying(MalformedPacketException.class, exception ->
                        assertThat(exception.reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE));
    }

    @Test
    @DisplayName("an end of stream inside the header, a small body or a large body is an EOFException")
    void endOfStreamInsideAPacket() {
        byte[] whole = encode(List.of(largePublish(3000)));
        for (int cut : new int[] {1, 2, 10, 1500, whole.length - 1}) {
            PacketReader reader = new PacketReader(new ByteArrayInputStream(whole, 0, cut), 1 << 20);
            assertThatThrownBy(() -> reader.read(V5)).as("cut at %d", cut).isInstanceOf(EOFException.class);
        }
        byte[] small = encode(List.of(SMALL_PACKETS.get(0)));
        PacketReader reader = new PacketReader(new ByteArrayInputStream(small, 0, small.length - 1), 1 << 20);
        assertThatThrownBy(() -> reader.read(V5)).isInstanceOf(EOFException.class);
    }

    @Test
    @DisplayName("a clean end of stream between packets reads as null")
    void cleanEndOfStream() throws Exception {
        assertThat(new PacketReader(new ByteArrayInputStream(new byte[0]), 1 << 20).read(V5)).isNull();
    }

    @Test
    @DisplayName("[MQTT-3.1.0-1] a first packet other than CONNECT fails before its body is read")
    void firstPacketMustBeConnect() {
        byte[] bytes = WireFixture.hex("30 7F 00 01 74");
        ChunkedInputStream stream = new ChunkedInputStream(bytes, 1, 1);
        PacketReader reader = new PacketReader(stream, 1 << 20);
        assertThatThrownBy(() -> reader.read(null))
                .isInstanceOfSatisfying(MalformedPacketException.class, exception ->
                        assertThat(exception.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR));
    }

    static Publish largePublish(int payloadSize) {
        byte[] payload = new byte[payloadSize];
        for (int index = 0; index < payload.length; index++) {
            payload[index] = (byte) (index * 31);
        }
        return new Publish(false, QoS.EXACTLY_ONCE, false, "large/topic", 77, MqttProperties.builder()
                .put(PropertyId.CONTENT_TYPE, "application/octet-stream").build(), payload);
    }

    static byte[] encode(List<MqttPacket> packets) {
        WriteBuffer out = new WriteBuffer();
        for (MqttPacket packet : packets) {
            PacketEncoder.encode(packet, V5, out);
        }
        return Arrays.copyOf(out.array(), out.size());
    }
}
