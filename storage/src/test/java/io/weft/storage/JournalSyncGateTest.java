package io.weft.storage;

import io.weft.core.store.Durability;
import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ReasonCode;
import io.weft.core.net.PacketSink;
import io.weft.core.store.SyncGate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JournalSyncGateTest {

    private final List<MqttPacket> sent = new CopyOnWriteArrayList<>();
    private final PacketSink sink = packet -> sent.add(packet);
    /** Each permit lets one sync finish; the count says how many began. */
    private final Semaphore permits = new Semaphore(0);
    private final AtomicInteger syncsBegun = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();

    private static PubAck ack(int packetId) {
        return new PubAck(packetId, ReasonCode.SUCCESS, MqttProperties.EMPTY);
    }

    private JournalSyncGate gate(Durability durability, Duration interval) {
        return new JournalSyncGate(durability, interval, written::get, () -> {
            syncsBegun.incrementAndGet();
            try {
                if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new java.io.IOException("test: no permit to finish the sync");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void osCacheSendsAtOnce(@TempDir Path directory) throws Exception {
        try (ChronicleStorage storage = ChronicleStorage.open(StorageSettings.defaults(directory))) {
            SyncGate gate = storage.stores().syncGate();
            gate.send(sink, ack(1));
            assertThat(sent).containsExactly(ack(1));
        }
    }

    @Test
    void fsyncEachHoldsAnAcknowledgementUntilASyncThatBeganAfterIt() {
        try (JournalSyncGate gate = gate(Durability.FSYNC_EACH, Duration.ofSeconds(30))) {
            gate.send(sink, ack(1));
            await().until(() -> syncsBegun.get() == 1);
            gate.send(sink, ack(2)); // given during the first sync: waits for the second
            assertThat(sent).isEmpty();
            permits.release();
            await().until(() -> sent.size() == 1);
            assertThat(sent).containsExactly(ack(1));
            await().until(() -> syncsBegun.get() == 2);
            assertThat(sent).containsExactly(ack(1));
            permits.release();
            await().until(() -> sent.size() == 2);
            assertThat(sent).containsExactly(ack(1), ack(2));
        }
    }

    @Test
    void fsyncBatchReleasesInOrderAfterTheNextIntervalSync() {
        try (JournalSyncGate gate = gate(Durability.FSYNC_BATCH, Duration.ofMillis(5))) {
            IntStream.rangeClosed(1, 100).forEach(id -> gate.send(sink, ack(id)));
            await().until(() -> syncsBegun.get() >= 1);
            assertThat(sent).as("nothing before a sync completed").isEmpty();
            permits.release(1000);
            await().until(() -> sent.size() == 100);
            assertThat(sent).isEqualTo(IntStream.rangeClosed(1, 100).mapToObj(JournalSyncGateTest::ack).toList());
        }
    }

    @Test
    void fsyncBatchSyncsWrittenRecordsWithoutAcknowledgementsAndIdlesOtherwise() {
        permits.release(1000);
        try (JournalSyncGate gate = gate(Durability.FSYNC_BATCH, Duration.ofMillis(5))) {
            written.addAndGet(100);
            await().until(() -> gate.syncs() == 1);
            long syncs = gate.syncs();
            written.addAndGet(100);
            await().until(() -> gate.syncs() > syncs);
        }
    }

    @Test
    void closeSyncsAndReleasesWhatWaits() {
        permits.release(1000);
        JournalSyncGate gate = gate(Durability.FSYNC_BATCH, Duration.ofSeconds(30));
        gate.send(sink, ack(7));
        gate.close();
        assertThat(sent).containsExactly(ack(7));
        assertThat(gate.syncs()).isEqualTo(1);
    }

    @Test
    void storageWithFsyncEachReallySyncsItsFiles(@TempDir Path directory) throws Exception {
        StorageSettings settings = StorageSettings.defaults(directory).withDurability(Durability.FSYNC_EACH);
        try (ChronicleStorage storage = ChronicleStorage.open(settings)) {
            storage.stores().messageLog().append(JournalFixtures.message("t", "p"), 1);
            storage.stores().stateLog().session("c1", 60, 0);
            storage.stores().syncGate().send(sink, ack(3));
            await().until(() -> sent.size() == 1);
            assertThat(((JournalSyncGate) storage.stores().syncGate()).syncs()).isPositive();
        }
    }
}
