package io.weft.perf.jmh;

import io.weft.core.codec.MalformedPacketException;
import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.PacketReader;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * Owned by its JMH thread, as a reader is owned by its connection's reader thread. A busy publisher's connection as its reader thread sees it: {@value #BATCH} back-to-back QoS 0 PUBLISH
 * packets with 64-byte payloads arriving in one stream, read one by one through {@link PacketReader} (framing,
 * the adaptive read buffer and decoding together). The stream replays the batch endlessly and hands out as
 * much as each read asks for, like a socket with data pending, so the reader keeps its grown buffer across
 * invocations as a long-lived connection would. Reported per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dchronicle.analytics.disable=true"})
public class PacketReaderBatchBenchmark {

    static final int BATCH = 200;
    private static final int PAYLOAD_SIZE = 64;

    @Param({"MQTT_3_1_1", "MQTT_5"})
    public ProtocolVersion version;

    private PacketReader reader;

    @Setup
    public void prepare() throws IOException, MalformedPacketException {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        byte[] packet = SamplePackets.encode(SamplePackets.publish(version, QoS.AT_MOST_ONCE, 0, PAYLOAD_SIZE),
                version);
        for (int i = 0; i < BATCH; i++) {
            batch.write(packet);
        }
        reader = new PacketReader(new ReplayStream(batch.toByteArray()), 1024 * 1024);
        for (int i = 0; i < BATCH; i++) {
            if (!(reader.read(version) instanceof MqttPacket.Publish)) {
                throw new IllegalStateException("the batch does not read back as " + BATCH + " PUBLISH packets");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void readBatch(Blackhole blackhole) throws IOException, MalformedPacketException {
        for (int i = 0; i < BATCH; i++) {
            blackhole.consume(reader.read(version));
        }
    }

    /**
     * Not thread-safe (the benchmark thread). Replays {@code bytes} forever; a read takes what it asks for up
     * to the end of the current replay, as a socket read takes what the kernel has buffered.
     */
    static final class ReplayStream extends InputStream {
        private final byte[] bytes;
        private int position;

        ReplayStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            int value = bytes[position] & 0xFF;
            position = (position + 1) % bytes.length;
            return value;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int count = Math.min(length, bytes.length - position);
            System.arraycopy(bytes, position, target, offset, count);
            position = (position + count) % bytes.length;
            return count;
        }
    }
}
