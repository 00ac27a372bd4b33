package io.weft.perf.jmh;

import io.weft.core.store.Durability;
import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.net.PacketSink;
import io.weft.core.session.Message;
import io.weft.core.store.MessageLog;
import io.weft.core.store.StateLog;
import io.weft.core.store.SyncGate;
import io.weft.storage.ChronicleStorage;
import io.weft.core.store.Durability;
import io.weft.storage.StorageException;
import io.weft.storage.StorageSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Owned by the one JMH thread. The journal's cost on the ring's stages: the persist stage appending a
 * 64-byte QoS 1 message and the route stage handing its PUBACK to the sync gate ({@code appendAndAcknowledge});
 * the route stage appending one queued copy ({@code enqueued}). With the fsync levels the gate's own thread
 * syncs meanwhile; {@code send} never waits for it, so the score is the stages' cost, not the
 * acknowledgement's latency. Each trial writes into a fresh temporary directory, deleted afterwards.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
// Chronicle's flags (the root pom's weft.chronicle.flags): annotation values must be constants
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Dchronicle.analytics.disable=true"})
public class JournalAppendBenchmark {

    private static final PacketSink NO_OP = packet -> true;

    @Param({"os-cache", "fsync-batch", "fsync-each"})
    public String durability;

    private Path directory;
    private ChronicleStorage storage;
    private MessageLog messageLog;
    private StateLog stateLog;
    private SyncGate syncGate;
    private Message message;
    private MqttPacket.PubAck pubAck;
    private long sequence;
    private long lastMessageId;

    @Setup(Level.Trial)
    public void open() throws IOException, StorageException {
        directory = Files.createTempDirectory("weft-journal-bench");
        storage = ChronicleStorage.open(StorageSettings.defaults(directory)
                .withDurability(Durability.parse(durability)).withMaximumDiskBytes(0));
        messageLog = storage.stores().messageLog();
        stateLog = storage.stores().stateLog();
        syncGate = storage.stores().syncGate();
        message = new Message("sensors/building-7/floor-3/temperature", new byte[64], QoS.AT_LEAST_ONCE, false,
                MqttProperties.EMPTY, "publisher-1");
        pubAck = new MqttPacket.PubAck(1, ReasonCode.SUCCESS, MqttProperties.EMPTY);
        lastMessageId = messageLog.append(message, System.currentTimeMillis());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        storage.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    public long appendAndAcknowledge() {
        long id = messageLog.append(message, 1_700_000_000_000L);
        syncGate.send(NO_OP, pubAck);
        return id;
    }

    @Benchmark
    public void enqueued() {
        stateLog.enqueued("subscriber-1", sequence++, lastMessageId, QoS.AT_LEAST_ONCE, false, List.of());
    }
}
