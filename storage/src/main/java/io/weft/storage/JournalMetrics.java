package io.weft.storage;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.weft.core.store.DiskQuota;

/**
 * Thread-safe (the histogram is observed by the persist stage and read by whichever thread scrapes): the
 * journal's Prometheus metrics, created with the journal and registered in a broker's registry on request.
 */
final class JournalMetrics {

    /** From half a microsecond (an append in the page cache) to a second (a stalled disk). */
    private static final double[] APPEND_BUCKETS = {
            0.5e-6, 1e-6, 2.5e-6, 5e-6, 10e-6, 25e-6, 50e-6, 100e-6, 250e-6, 500e-6,
            1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 100e-3, 1.0};

    /** Classic buckets only and no exemplars: an observation is a bucket search and two adder updates. */
    final Histogram appendSeconds = Histogram.builder()
            .name("weft_journal_append_seconds")
            .help("Time the persist stage takes to append one QoS 1/2 message to the message journal, one append in "
                    + ChronicleMessageLog.TIMED_EVERY + " timed")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(APPEND_BUCKETS)
            .withoutExemplars()
            .build();
    private final GaugeWithCallback diskBytes;
    private PrometheusRegistry registry;

    JournalMetrics(DiskQuota quota) {
        diskBytes = GaugeWithCallback.builder()
                .name("weft_journal_disk_bytes")
                .help("Bytes the journal's files take on disk, both journals together (storage.max-disk caps it)")
                .unit(Unit.BYTES)
                .callback(callback -> callback.call(quota.usedBytes()))
                .build();
    }

    /** Adds the journal's metrics to {@code target}; at most once. */
    void register(PrometheusRegistry target) {
        if (registry != null) {
            throw new IllegalStateException("the journal's metrics are registered already");
        }
        target.register(appendSeconds);
        try {
            target.register(diskBytes);
        } catch (RuntimeException refused) {
            target.unregister(appendSeconds);
            throw refused;
        }
        registry = target;
    }

    /** Removes them again, if they were registered. */
    void unregister() {
        if (registry != null) {
            registry.unregister(appendSeconds);
            registry.unregister(diskBytes);
            registry = null;
        }
    }
}
