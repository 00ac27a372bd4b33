package io.weft.storage;

import io.weft.core.store.JournalRoll;
import io.weft.core.store.Durability;
import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.QoS;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.MessageLog;
import io.weft.core.store.StateLog;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.weft.storage.JournalFixtures.cycleFiles;
import static io.weft.storage.JournalFixtures.message;
import static io.weft.storage.JournalFixtures.settings;
import static io.weft.storage.JournalFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChronicleStorageTest {

    @TempDir
    Path directory;

    private final SetTimeProvider clock = new SetTimeProvider(1_700_000_000_000L * 1_000_000L);

    private ChronicleStorage open() throws StorageException {
        return ChronicleStorage.open(settings(directory), clock);
    }

    private static List<String> replay(ChronicleStorage storage) {
        Recorder recovery = new Recorder();
        storage.stores().stateLog().replay(recovery);
        return recovery.lines;
    }

    @Test
    void replayAfterReopenYieldsEveryRecordWithEnqueuedResolved() throws Exception {
        SubscriptionOptions options = new SubscriptionOptions(QoS.EXACTLY_ONCE, true, true,
                RetainHandling.DO_NOT_SEND, 7);
        long first;
        long second;
        try (ChronicleStorage storage = open()) {
            MessageLog messages = storage.stores().messageLog();
            StateLog state = storage.stores().stateLog();
            first = messages.append(message("a/b", "one"), 1_000);
            second = messages.append(message("a/c", "two"), 2_000);
            assertThat(first).isNotNegative();
            assertThat(second).isGreaterThan(first);
            state.session("c1", 60, 0);
            state.subscribed("c1", "a/#", options);
            state.enqueued("c1", 0, first, QoS.AT_LEAST_ONCE, false, List.of(7));
            state.enqueued("c2", 0, second, QoS.EXACTLY_ONCE, true, List.of());
            state.enqueued("c3", 4, first, QoS.AT_LEAST_ONCE, false, List.of()); // out of order: moveToIndex
            state.sharedCopy("c2", 0, "$share/g/a/#");
            state.received("c2", 0);
            state.completed("c1", 0);
            state.completed("c3", new long[] {4, 5});
            state.inbound("c1", 17);
            state.released("c1", 17);
            state.retained(stored("r", "kept"));
            state.retainCleared("r");
            state.unsubscribed("c1", "a/#");
            state.detached("c1", 60, 5_000);
            state.willScheduled("c1", stored("will/c1", "gone"), 65_000);
            state.willCancelled("c1");
            state.discarded("c1");
        }
        try (ChronicleStorage storage = open()) {
            Recorder expected = new Recorder();
            expected.session("c1", 60, 0);
            expected.subscribed("c1", "a/#", options);
            expected.entry("c1", 0, new io.weft.core.store.StoredMessage(message("a/b", "one"), 1_000),
                    QoS.AT_LEAST_ONCE, false, List.of(7));
            expected.entry("c2", 0, new io.weft.core.store.StoredMessage(message("a/c", "two"), 2_000),
                    QoS.EXACTLY_ONCE, true, List.of());
            expected.entry("c3", 4, new io.weft.core.store.StoredMessage(message("a/b", "one"), 1_000),
                    QoS.AT_LEAST_ONCE, false, List.of());
            expected.sharedCopy("c2", 0, "$share/g/a/#");
            expected.received("c2", 0);
            expected.completed("c1", 0);
            expected.completed("c3", 4);
            expected.completed("c3", 5);
            expected.inbound("c1", 17);
            expected.released("c1", 17);
            expected.retained(stored("r", "kept"));
            expected.retainCleared("r");
            expected.unsubscribed("c1", "a/#");
            expected.detached("c1", 60, 5_000);
            expected.willScheduled("c1", stored("will/c1", "gone"), 65_000);
            expected.willCancelled("c1");
            expected.discarded("c1");
            assertThat(replay(storage)).isEqualTo(expected.lines);
            // appending goes on after the replayed tail
            assertThat(storage.stores().messageLog().append(message("a/d", "three"), 3_000)).isGreaterThan(second);
        }
    }

    @Test
    void checkpointReplaysItsRecordsThenLaterOnesAndDeletesOldCycles() throws Exception {
        try (ChronicleStorage storage = open()) {
            MessageLog messages = storage.stores().messageLog();
            StateLog state = storage.stores().stateLog();
            long old = messages.append(message("t", "old"), 1);
            state.session("gone", 0, 0);
            state.enqueued("gone", 0, old, QoS.AT_LEAST_ONCE, false, List.of());
            clock.advanceMillis(1_000);
            messages.append(message("t", "filler"), 2);
            state.session("c1", 60, 1);
            clock.advanceMillis(1_000);
            long routed = messages.append(message("t", "routed"), 3);
            assertThat(cycleFiles(directory.resolve("state"))).hasSize(2);
            assertThat(cycleFiles(directory.resolve("messages"))).hasSize(3);
            assertThat(state.checkpointDue()).isTrue();

            state.checkpoint(routed, live -> {
                live.session("c1", 60, 1);
                live.entry("c1", 0, stored("t", "routed"), QoS.AT_LEAST_ONCE, false, List.of());
            });
            assertThat(state.checkpointDue()).as("once per cycle").isFalse();
            // the state cycles before BEGIN's and the message cycles before the routed message's are gone
            assertThat(cycleFiles(directory.resolve("state"))).hasSize(1);
            assertThat(cycleFiles(directory.resolve("messages"))).hasSize(1);

            long later = messages.append(message("t", "later"), 4);
            state.enqueued("c1", 1, later, QoS.AT_LEAST_ONCE, false, List.of());
        }
        try (ChronicleStorage storage = open()) {
            Recorder expected = new Recorder();
            expected.session("c1", 60, 1);
            expected.entry("c1", 0, stored("t", "routed"), QoS.AT_LEAST_ONCE, false, List.of());
            expected.entry("c1", 1, new io.weft.core.store.StoredMessage(message("t", "later"), 4),
                    QoS.AT_LEAST_ONCE, false, List.of());
            assertThat(replay(storage)).isEqualTo(expected.lines);
            // the queues keep working after the deletion
            clock.advanceMillis(1_000);
            storage.stores().stateLog().discarded("c1");
            assertThat(cycleFiles(directory.resolve("state"))).hasSize(2);
        }
    }

    @Test
    void checkpointDueOnlyInANewerCycleAndWhenMoreWasWrittenThanTheCheckpoint() throws Exception {
        try (ChronicleStorage storage = open()) {
            StateLog state = storage.stores().stateLog();
            state.session("c1", 60, 0);
            state.checkpoint(-1, live -> {
                for (int i = 0; i < 10; i++) {
                    live.session("c" + i, 60, 0);
                }
            });
            state.completed("c1", 0);
            assertThat(state.checkpointDue()).as("same cycle").isFalse();
            clock.advanceMillis(1_000);
            state.completed("c1", 1);
            assertThat(state.checkpointDue()).as("newer cycle, fewer bytes than the checkpoint").isFalse();
            for (int i = 0; i < 20; i++) {
                state.completed("c1", i);
            }
            assertThat(state.checkpointDue()).isTrue();
        }
    }

    @Test
    void checkpointCutShortByACrashIsIgnoredAndMarkedAborted() throws Exception {
        try (ChronicleStorage storage = open()) {
            StateLog state = storage.stores().stateLog();
            state.session("c1", 60, 0);
            // a crash in the middle of a checkpoint: BEGIN and part of the live state, no END
            ((ChronicleStateLog) state).checkpointBeginForTest(-1);
            state.session("partial", 0, 0);
        }
        try (ChronicleStorage storage = open()) {
            assertThat(replay(storage)).containsExactly("session c1 60 0");
            storage.stores().stateLog().session("c2", 60, 0);
        }
        try (ChronicleStorage storage = open()) {
            assertThat(replay(storage)).containsExactly("session c1 60 0", "session c2 60 0");
        }
    }

    @Test
    void openNamesTheDirectoryWhenItCannotBeCreated() throws Exception {
        Path file = Files.writeString(directory.resolve("not-a-directory"), "x");
        assertThatThrownBy(() -> ChronicleStorage.open(StorageSettings.defaults(file)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(file.toAbsolutePath().resolve("messages").toString());
    }

    @Test
    void settingsAreValidatedAndNamesParsed() {
        assertThat(Durability.parse("fsync-batch")).isEqualTo(Durability.FSYNC_BATCH);
        assertThat(JournalRoll.parse("minutely")).isEqualTo(JournalRoll.MINUTELY);
        assertThatThrownBy(() -> Durability.parse("always"))
                .hasMessageContaining("os-cache, fsync-batch, fsync-each");
        assertThatThrownBy(() -> StorageSettings.defaults(directory).withMaximumDiskBytes(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(StorageSettings.defaults(directory).roll()).isEqualTo(JournalRoll.MINUTELY);
    }
}
