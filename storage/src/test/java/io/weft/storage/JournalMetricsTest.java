package io.weft.storage;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.weft.core.store.DiskQuota;
import io.weft.core.store.MessageLog;
import io.weft.core.testing.MetricSamples;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.weft.storage.JournalFixtures.message;
import static io.weft.storage.JournalFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal's metrics: appends timed into weft_journal_append_seconds (one in 64), and its disk use. */
class JournalMetricsTest {

    @TempDir
    Path directory;

    @Test
    @DisplayName("one append in 64 is timed; the metrics are in the registry until the storage closes")
    void appendsAreSampledIntoTheHistogram() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        try (ChronicleStorage storage = ChronicleStorage.open(settings(directory))) {
            storage.registerMetrics(registry);
            MessageLog messages = storage.stores().messageLog();
            for (int i = 0; i < 2 * ChronicleMessageLog.TIMED_EVERY + 1; i++) {
                messages.append(message("metrics/journal", "reading " + i), 1_000);
            }

            MetricSamples samples = MetricSamples.scrape(registry);
            assertThat(samples.value("weft_journal_append_seconds_count")).isEqualTo(2);
            assertThat(samples.value("weft_journal_append_seconds_sum")).isPositive();
            assertThat(samples.value("weft_journal_append_seconds_bucket", "le", "+Inf")).isEqualTo(2);
            assertThat(samples.names()).contains("weft_journal_disk_bytes");
            assertThatThrownBy(() -> storage.registerMetrics(registry)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(MetricSamples.scrape(registry).names()).isEmpty();
    }

    @Test
    @DisplayName("timed every time, every append lands in a bucket of its duration")
    void everyAppendTimed() throws Exception {
        Histogram appendSeconds = new JournalMetrics(DiskQuota.UNLIMITED).appendSeconds;
        try (Journal journal = new Journal("message journal", directory,
                ChronicleRolls.rollCycle(settings(directory).roll()), SystemTimeProvider.INSTANCE)) {
            ChronicleMessageLog log = new ChronicleMessageLog(journal, appendSeconds, 1);
            for (int i = 0; i < 3; i++) {
                log.append(message("metrics/journal", "reading " + i), 1_000);
            }
        }
        assertThat(appendSeconds.getCount()).isEqualTo(3);
        assertThat(appendSeconds.getSum()).isPositive().isLessThan(10);
    }
}
