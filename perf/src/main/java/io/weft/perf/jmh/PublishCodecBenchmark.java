package io.weft.perf.jmh;

import io.weft.core.codec.MalformedPacketException;
import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.PacketDecoder;
import io.weft.core.codec.PacketEncoder;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.WriteBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Owned by its JMH thread (thread-scoped state). Decoding and encoding one QoS 1 PUBLISH, in MQTT 3.1.1 and in 5.0 with three properties, from a 16-byte
 * reading to a 16 KiB blob. Every message the broker carries is decoded once on the publisher's reader thread
 * and encoded once per subscriber on a writer thread, so these two costs bound the per-message CPU budget.
 * Decoding goes through {@link PacketDecoder#decode}, the call {@code PacketReader} makes once it has a whole
 * packet; encoding appends to a reused {@link WriteBuffer}, as the connection writer does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dchronicle.analytics.disable=true"})
public class PublishCodecBenchmark {

    @Param({"MQTT_3_1_1", "MQTT_5"})
    public ProtocolVersion version;

    @Param({"16", "64", "1024", "16384"})
    public int payloadSize;

    private Publish publish;
    private byte[] wire;
    private int fixedHeaderByte;
    private int bodyOffset;
    private int bodyLength;
    private final WriteBuffer buffer = new WriteBuffer();

    @Setup
    public void prepare() throws MalformedPacketException {
        publish = SamplePackets.publish(version, QoS.AT_LEAST_ONCE, 4711, payloadSize);
        wire = SamplePackets.encode(publish, version);
        fixedHeaderByte = wire[0] & 0xFF;
        bodyOffset = SamplePackets.fixedHeaderSize(wire);
        bodyLength = wire.length - bodyOffset;
        if (!decode().equals(publish)) {
            throw new IllegalStateException("round trip changed the packet: " + publish);
        }
    }

    @Benchmark
    public MqttPacket decode() throws MalformedPacketException {
        return PacketDecoder.decode(fixedHeaderByte, wire, bodyOffset, bodyLength, version);
    }

    @Benchmark
    public int encode() {
        buffer.clear();
        PacketEncoder.encode(publish, version, buffer);
        return buffer.size();
    }
}
