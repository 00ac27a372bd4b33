package io.weft.storage;

import io.weft.core.store.JournalRoll;
import io.weft.core.codec.QoS;
import io.weft.core.store.StateLog;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static io.weft.storage.JournalFixtures.cycleFiles;
import static io.weft.storage.JournalFixtures.find;
import static io.weft.storage.JournalFixtures.message;
import static io.weft.storage.JournalFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Journals damaged on purpose: what is readable loads, the damage is reported, a newer format stops. */
class CorruptJournalTest {

    @TempDir
    Path directory;

    private final SetTimeProvider clock = new SetTimeProvider(1_700_000_000_000L * 1_000_000L);

    private ChronicleStorage open() throws StorageException {
        return ChronicleStorage.open(settings(directory), clock);
    }

    private List<String> replay() throws StorageException {
        try (ChronicleStorage storage = open()) {
            Recorder recovery = new Recorder();
            storage.stores().stateLog().replay(recovery);
            return recovery.lines;
        }
    }

    private void writeSessions(String... clients) throws StorageException {
        try (ChronicleStorage storage = open()) {
            for (String client : clients) {
                storage.stores().stateLog().session(client, 60, 0);
            }
        }
    }

    private Path stateFile() throws Exception {
        List<Path> files = cycleFiles(directory.resolve("state"));
        assertThat(files).hasSize(1);
        return files.getFirst();
    }

    @Test
    void recordWithAFlippedByteIsReportedAndSkipped() throws Exception {
        writeSessions("first-client", "victim-client", "last-client");
        Path file = stateFile();
        int offset = find(Files.readAllBytes(file), "victim-client");
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(offset);
            raw.write('V');
        }
        try (LogCapture log = new LogCapture(StateReplay.class)) {
            assertThat(replay()).containsExactly("session first-client 60 0", "session last-client 60 0");
            assertThat(log.warnings).anySatisfy(line -> assertThat(line)
                    .contains("state journal", "record at index 0x", "unreadable (CRC mismatch), skipped"));
            assertThat(log.warnings).anySatisfy(line -> assertThat(line).contains("1 unreadable records skipped"));
        }
    }

    @Test
    void truncatedCycleFileLoadsWhatPrecedesTheCut() throws Exception {
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clients.add(String.format("client-%03d", i));
        }
        writeSessions(clients.toArray(String[]::new));
        Path file = stateFile();
        int offset = find(Files.readAllBytes(file), "client-030");
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.setLength(offset + 4);
        }
        List<String> replayed = replay();
        assertThat(replayed).hasSizeGreaterThanOrEqualTo(30);
        assertThat(replayed.subList(0, 30)).isEqualTo(clients.subList(0, 30).stream()
                .map(client -> "session " + client + " 60 0").toList());
        // the damaged file was replaced by a copy of its readable records: new records are found again
        assertThat(Files.exists(file.resolveSibling(file.getFileName() + ".damaged"))).isTrue();
        writeSessions("after-the-cut");
        assertThat(replay()).endsWith("session after-the-cut 60 0");
    }

    @Test
    void enqueuedCopyOfAMissingMessageIsReportedAndSkipped() throws Exception {
        try (ChronicleStorage storage = open()) {
            long id = storage.stores().messageLog().append(message("t", "kept"), 1);
            StateLog state = storage.stores().stateLog();
            state.enqueued("c1", 0, id + 1000, QoS.AT_LEAST_ONCE, false, List.of());
            state.enqueued("c1", 1, id, QoS.AT_LEAST_ONCE, false, List.of());
        }
        try (LogCapture log = new LogCapture(StateReplay.class)) {
            assertThat(replay()).singleElement().asString().startsWith("entry c1 1 message(t, 6b657074");
            assertThat(log.warnings).anySatisfy(line -> assertThat(line)
                    .contains("missing from the message journal", "client c1 (sequence 0) is lost"));
        }
    }

    @Test
    void recordOfANewerFormatStopsOpenAndReplay() throws Exception {
        writeSessions("c1");
        appendNewerRecord();
        assertThatThrownBy(this::open).isInstanceOf(StorageException.class)
                .hasMessageContaining(directory.resolve("state").toAbsolutePath().toString())
                .hasMessageContaining("format version 2; this build reads version 1");

        writeSessionsUnchecked("c2"); // the newer record is no longer last: open succeeds, replay stops
        try (ChronicleStorage storage = openUnchecked()) {
            assertThatThrownBy(() -> storage.stores().stateLog().replay(new Recorder()))
                    .isInstanceOf(StorageFormatException.class)
                    .hasMessageContaining(directory.resolve("state").toAbsolutePath().toString())
                    .hasMessageContaining("format version 2; this build reads version 1");
        }
    }

    private ChronicleStorage openUnchecked() throws StorageException {
        return open();
    }

    private void writeSessionsUnchecked(String client) {
        try (Journal journal = new Journal("state journal", directory.resolve("state").toAbsolutePath(),
                ChronicleRolls.rollCycle(JournalRoll.SECONDLY), clock)) {
            new RecordEncoder((record, length, type) -> journal.append(record, length)).session(client, 60, 0);
        }
    }

    private void appendNewerRecord() {
        try (Journal journal = new Journal("state journal", directory.resolve("state").toAbsolutePath(),
                ChronicleRolls.rollCycle(JournalRoll.SECONDLY), clock)) {
            new RecordEncoder((record, length, type) -> {
                record[0] = 2;
                CRC32C crc = new CRC32C();
                crc.update(record, 0, length - 4);
                int value = (int) crc.getValue();
                for (int i = 0; i < 4; i++) {
                    record[length - 4 + i] = (byte) (value >>> (24 - 8 * i));
                }
                journal.append(record, length);
            }).discarded("from-the-future");
        }
    }
}
