package io.weft.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round trips of generated records, and the decoder's behaviour on arbitrary and mutated bytes. */
class CodecPropertiesTest {

    @Provide
    Arbitrary<MqttPacket> mqtt31() {
        return new PacketArbitraries(ProtocolVersion.MQTT_3_1).packets();
    }

    @Provide
    Arbitrary<MqttPacket> mqtt311() {
        return new PacketArbitraries(ProtocolVersion.MQTT_3_1_1).packets();
    }

    @Provide
    Arbitrary<MqttPacket> mqtt5() {
        return new PacketArbitraries(ProtocolVersion.MQTT_5).packets();
    }

    @Provide
    Arbitrary<ProtocolVersion> versionOrNone() {
        return Arbitraries.of(ProtocolVersion.class).injectNull(0.25);
    }

    @Property(tries = 1500)
    @Label("3.1: encode then decode gives the same record")
    void roundTrip31(@ForAll("mqtt31") MqttPacket packet) throws Exception {
        assertRoundTrip(packet, ProtocolVersion.MQTT_3_1);
    }

    @Property(tries = 1500)
    @Label("3.1.1: encode then decode gives the same record")
    void roundTrip311(@ForAll("mqtt311") MqttPacket packet) throws Exception {
        assertRoundTrip(packet, ProtocolVersion.MQTT_3_1_1);
    }

    @Property(tries = 3000)
    @Label("5.0: encode then decode gives the same record")
    void roundTrip5(@ForAll("mqtt5") MqttPacket packet) throws Exception {
        assertRoundTrip(packet, ProtocolVersion.MQTT_5);
    }

    @Property(tries = 3000)
    @Label("arbitrary bytes raise nothing but MalformedPacketException or EOFException")
    void arbitraryBytes(@ForAll @Size(max = 300) byte[] bytes, @ForAll("versionOrNone") ProtocolVersion version)
            throws Exception {
        readAll(bytes, version);
    }

    @Property(tries = 3000)
    @Label("5.0 packets with bytes changed raise nothing but MalformedPacketException or EOFException")
    void mutated5(@ForAll("mqtt5") MqttPacket packet,
                  @ForAll @Size(min = 1, max = 4) List<@IntRange(max = 9999) Integer> positions,
                  @ForAll @Size(4) byte[] replacements, @ForAll boolean truncate) throws Exception {
        readMutated(packet, ProtocolVersion.MQTT_5, positions, replacements, truncate);
    }

    @Property(tries = 1500)
    @Label("3.1.1 packets with bytes changed raise nothing but MalformedPacketException or EOFException")
    void mutated311(@ForAll("mqtt311") MqttPacket packet,
                    @ForAll @Size(min = 1, max = 4) List<@IntRange(max = 9999) Integer> positions,
                    @ForAll @Size(4) byte[] replacements, @ForAll boolean truncate) throws Exception {
        readMutated(packet, ProtocolVersion.MQTT_3_1_1, positions, replacements, truncate);
    }

    private static void readMutated(MqttPacket packet, ProtocolVersion version, List<Integer> positions,
                                    byte[] replacements, boolean truncate) throws Exception {
        byte[] bytes = encode(packet, version);
        for (int index = 0; index < positions.size(); index++) {
            bytes[positions.get(index) % bytes.length] = replacements[index];
        }
        if (truncate) {
            bytes = Arrays.copyOf(bytes, positions.get(0) % bytes.length);
        }
        readAll(bytes, packet instanceof MqttPacket.Connect ? null : version);
    }

    private static void assertRoundTrip(MqttPacket packet, ProtocolVersion version) throws Exception {
        Statistics.collect(packet.type());
        Statistics.coverage(coverage -> {
            for (PacketType type : PacketType.values()) {
                if (type != PacketType.AUTH || version.isMqtt5()) {
                    coverage.check(type).count(count -> count > 0);
                }
            }
        });
        byte[] bytes = encode(packet, version);
        assertThat(PacketEncoder.encodedSize(packet, version)).isEqualTo(bytes.length);
        ProtocolVersion agreed = packet instanceof MqttPacket.Connect ? null : version;
        PacketReader reader = new PacketReader(new ChunkedInputStream(bytes, 700), bytes.length);
        assertThat(reader.read(agreed)).isEqualTo(packet);
        assertThat(reader.read(agreed)).isNull();
    }

    /** Reads packets until the end; only the two expected exceptions may stop it early. */
    private static void readAll(byte[] bytes, ProtocolVersion version) throws Exception {
        PacketReader reader = new PacketReader(new ByteArrayInputStream(bytes), 1 << 16);
        try {
            while (reader.read(version) != null) {
                version = version == null ? ProtocolVersion.MQTT_5 : version;
            }
        } catch (MalformedPacketException | EOFException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static byte[] encode(MqttPacket packet, ProtocolVersion version) {
        WriteBuffer out = new WriteBuffer(16);
        PacketEncoder.encode(packet, version, out);
        return Arrays.copyOf(out.array(), out.size());
    }
}
