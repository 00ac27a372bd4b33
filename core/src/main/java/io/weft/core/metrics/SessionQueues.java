package io.weft.core.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.weft.core.session.Session;
import io.weft.core.session.SessionRegistry;

import java.util.List;

/**
 * Runs on the thread that scrapes the registry: the depth of every session's outbound queue (QoS 1/2 copies in
 * flight plus queued), summed and the deepest, in one pass over the sessions. Each session's lock is held only
 * to read its depth.
 */
final class SessionQueues implements MultiCollector {

    private static final MetricFamilyDescriptor QUEUED = MetricFamilyDescriptor.gauge("weft_session_queued_messages")
            .help("QoS 1/2 messages held for sessions, in flight or queued, all sessions together").build();
    private static final MetricFamilyDescriptor DEEPEST = MetricFamilyDescriptor
            .gauge("weft_session_queued_messages_max")
            .help("QoS 1/2 messages held for the one session that holds the most").build();

    private final SessionRegistry sessions;

    SessionQueues(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    public MetricSnapshots collect() {
        long queued = 0;
        int deepest = 0;
        for (Session session : sessions.sessions()) {
            int depth = session.outboundDepth();
            queued += depth;
            deepest = Math.max(deepest, depth);
        }
        return MetricSnapshots.of(gauge(QUEUED, queued), gauge(DEEPEST, deepest));
    }

    @Override
    public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
        return List.of(QUEUED, DEEPEST);
    }

    private static GaugeSnapshot gauge(MetricFamilyDescriptor family, double value) {
        return new GaugeSnapshot(family.getMetadata(), List.of(GaugeDataPointSnapshot.builder().value(value).build()));
    }
}
