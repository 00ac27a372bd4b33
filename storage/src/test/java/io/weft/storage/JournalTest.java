package io.weft.storage;

import io.weft.core.store.JournalRoll;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class JournalTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(JournalRoll.class)
    void cycleFileNamesAreChroniclesAndEveryWrittenCycleIsSynced(JournalRoll roll) throws Exception {
        SetTimeProvider clock = new SetTimeProvider(1_700_000_000_000L * 1_000_000L);
        try (Journal journal = new Journal("state journal", directory, ChronicleRolls.rollCycle(roll), clock)) {
            byte[] record = {1, 2, 3};
            long first = journal.append(record, record.length);
            clock.advanceMillis(roll == JournalRoll.DAILY ? 86_400_000 : 3_600_000);
            long second = journal.append(record, record.length);
            assertThat(second).isGreaterThan(first);
            assertThat(JournalFixtures.cycleFiles(directory)).containsExactly(
                    journal.fileOf(journal.cycleOf(first)), journal.fileOf(journal.cycleOf(second)));
            journal.force(); // both cycles, by the names checked above
            assertThat(journal.bytesWritten()).isEqualTo(6);
        }
    }
}
