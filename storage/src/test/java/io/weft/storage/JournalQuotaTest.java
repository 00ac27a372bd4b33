package io.weft.storage;

import io.weft.core.store.DiskQuota;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JournalQuotaTest {

    @TempDir
    Path directory;

    @Test
    void usedBytesCountsBothJournalsAndFullFollowsTheCap() throws Exception {
        try (ChronicleStorage storage = ChronicleStorage.open(StorageSettings.defaults(directory))) {
            storage.stores().messageLog().append(JournalFixtures.message("t", "p"), 1);
            storage.stores().stateLog().session("c1", 60, 0);
            DiskQuota quota = storage.stores().diskQuota();
            await().until(() -> quota.usedBytes() > 0);
            assertThat(quota.full()).isFalse();
        }
        try (ChronicleStorage storage = ChronicleStorage.open(
                StorageSettings.defaults(directory).withMaximumDiskBytes(1024))) {
            DiskQuota quota = storage.stores().diskQuota();
            assertThat(quota.full()).isTrue();
            assertThat(quota.usedBytes()).isGreaterThanOrEqualTo(1024);
        }
    }

    @Test
    void reportsOnceWhenFullAndOnceWhenACheckpointFreedSpace() throws Exception {
        SetTimeProvider clock = new SetTimeProvider(1_700_000_000_000L * 1_000_000L);
        StorageSettings settings = JournalFixtures.settings(directory);
        long cap;
        try (ChronicleStorage storage = ChronicleStorage.open(settings, clock)) {
            for (int i = 0; i < 3; i++) {
                storage.stores().stateLog().session("c" + i, 60, 0);
                clock.advanceMillis(1_000);
            }
            JournalQuota quota = (JournalQuota) storage.stores().diskQuota();
            quota.refresh();
            cap = quota.usedBytes();
        }
        try (LogCapture log = new LogCapture(JournalQuota.class);
             ChronicleStorage storage = ChronicleStorage.open(settings.withMaximumDiskBytes(cap), clock)) {
            JournalQuota quota = (JournalQuota) storage.stores().diskQuota();
            assertThat(quota.full()).isTrue();
            quota.refresh();
            assertThat(log.lines).singleElement().asString().contains("is full");
            storage.stores().stateLog().checkpoint(-1, live -> live.session("c2", 60, 0));
            quota.refresh();
            quota.refresh();
            assertThat(quota.full()).isFalse();
            assertThat(log.lines).hasSize(2).last().asString().contains("has room again");
        }
    }
}
