package io.weft.core.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.weft.core.codec.QoS;
import io.weft.core.dispatch.DispatchRing;
import io.weft.core.net.PacketHandler.CloseCause;
import io.weft.core.session.SessionRegistry;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Thread-safe (read by whichever thread scrapes the registry): the broker's Prometheus metrics. Every value is
 * read at scrape time from {@link BrokerCounters} and the broker's live structures, so publishing them costs
 * the message path nothing beyond the adders it increments anyway. See docs/metrics.md for the list.
 */
public final class BrokerMetrics implements AutoCloseable {

    private static final String DROPPED = "dropped";
    private static final String REFUSED = "refused";
    /** Connection refusals are connects ({@code weft_connects_total}), not dropped messages. */
    private static final String REFUSED_CONNECTION = "refusedConnection";
    private static final double NANOS_PER_SECOND = 1e9;

    private final PrometheusRegistry registry;
    /** What this broker registered, to be removed again by {@link #close()}. */
    private final List<Collector> collectors = new ArrayList<>();
    private final List<MultiCollector> multiCollectors = new ArrayList<>();

    private BrokerMetrics(PrometheusRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers the broker's metrics in {@code registry}; {@link #close()} removes them again. A registry that
     * already holds them (another broker's) is refused with IllegalArgumentException, and this registers nothing.
     *
     * @param ringSize        the dispatch ring's slots
     * @param openConnections connections open now, those being refused by a limit included
     */
    public static BrokerMetrics register(PrometheusRegistry registry, String version, BrokerCounters counters,
                                         SessionRegistry sessions, DispatchRing ring, int ringSize,
                                         IntSupplier openConnections) {
        BrokerMetrics metrics = new BrokerMetrics(registry);
        try {
            Info build = Info.builder().name("weft_build_info").help("The running broker's version")
                    .labelNames("version").build();
            build.setLabelValues(version);
            metrics.add(build);
            metrics.connections(counters, openConnections);
            metrics.messages(counters);
            metrics.state(counters, sessions, ring, ringSize);
            SessionQueues queues = new SessionQueues(sessions);
            registry.register(queues);
            metrics.multiCollectors.add(queues);
        } catch (RuntimeException refused) {
            metrics.close();
            throw refused;
        }
        return metrics;
    }

    private void connections(BrokerCounters counters, IntSupplier openConnections) {
        add(gauge("weft_connections_open", "Network connections open now, those being refused by a limit included")
                .callback(callback -> callback.call(openConnections.getAsInt())).build());
        add(counter("weft_connects_total", "CONNECT packets by result (accepted, refused) and CONNACK reason code; "
                + "a connection beyond a connection limit counts as refused when it is refused")
                .labelNames("result", "reason")
                .callback(callback -> {
                    callback.call(counters.connectionsAccepted.sum(), "accepted", "success");
                    counters.connectsRefused.forEach((reason, count) ->
                            callback.call(count, "refused", ReasonLabels.connect(reason)));
                }).build());
        add(counter("weft_disconnects_total", "Connections of accepted clients that ended, by cause and by the "
                + "reason code of the DISCONNECT that ended them (sent or received; none without one)")
                .labelNames("cause", "reason")
                .callback(callback -> {
                    for (CloseCause cause : CloseCause.values()) {
                        String label = cause.name().toLowerCase(Locale.ROOT);
                        counters.disconnects.of(cause).forEach((reason, count) ->
                                callback.call(count, label, ReasonLabels.disconnect(reason)));
                    }
                }).build());
        add(counter("weft_protocol_errors_total", "Malformed packets and protocol violations")
                .callback(callback -> callback.call(counters.protocolErrors.sum())).build());
    }

    private void messages(BrokerCounters counters) {
        add(counter("weft_messages_received_total", "PUBLISH packets received from clients, by QoS")
                .labelNames("qos")
                .callback(callback -> byQos(counters.messagesReceived, callback)).build());
        add(counter("weft_messages_sent_total", "PUBLISH packets queued towards clients, by the QoS of the copy")
                .labelNames("qos")
                .callback(callback -> byQos(counters.messagesSent, callback)).build());
        add(counter("weft_received_bytes_total", "Bytes read from client sockets").unit(Unit.BYTES)
                .callback(callback -> callback.call(counters.bytesReceived.sum())).build());
        add(counter("weft_sent_bytes_total", "Bytes written to client sockets").unit(Unit.BYTES)
                .callback(callback -> callback.call(counters.bytesSent.sum())).build());
        Map<String, LongAdder> drops = dropCounters(counters);
        add(counter("weft_messages_dropped_total", "Messages not delivered, by reason: dropped (queue_full, "
                + "slow_consumer, offline, expired, ...) or refused to the publisher (refused_*)")
                .labelNames("reason")
                .callback(callback -> drops.forEach((reason, counter) -> callback.call(counter.sum(), reason)))
                .build());
        add(counter("weft_throttled_seconds_total", "Time client readers spent held back by the publish rate or "
                + "bandwidth limits, all clients together").unit(Unit.SECONDS)
                .callback(callback -> callback.call(counters.throttledNanos.sum() / NANOS_PER_SECOND)).build());
    }

    private void state(BrokerCounters counters, SessionRegistry sessions, DispatchRing ring, int ringSize) {
        add(gauge("weft_sessions", "Sessions by state: connected (a client is attached) or offline (kept for a "
                + "client that may come back)")
                .labelNames("state")
                .callback(callback -> {
                    int connected = counters.clients.current();
                    callback.call(connected, "connected");
                    callback.call(Math.max(0, sessions.size() - connected), "offline");
                }).build());
        add(gauge("weft_subscriptions", "Subscriptions (topic filter and session pairs), shared ones included")
                .callback(callback -> callback.call(ring.subscriptionCount())).build());
        add(gauge("weft_retained_messages", "Retained messages held, $SYS ones included")
                .callback(callback -> callback.call(ring.retainedCount())).build());
        add(gauge("weft_dispatch_ring_capacity", "Slots in the dispatch ring (ring.size)")
                .callback(callback -> callback.call(ringSize)).build());
        add(gauge("weft_dispatch_ring_remaining_capacity", "Free slots in the dispatch ring; 0 means publishers "
                + "wait (backpressure)")
                .callback(callback -> callback.call(ring.remainingCapacity())).build());
        MemoryBudget budget = sessions.memoryBudget();
        add(gauge("weft_queued_memory_bytes", "Payload bytes held for delivery in sessions and writer queues "
                + "(the limits.queued-memory account)").unit(Unit.BYTES)
                .callback(callback -> callback.call(budget.usedBytes())).build());
        add(gauge("weft_queued_memory_limit_bytes", "The queued-memory budget (limits.queued-memory)")
                .unit(Unit.BYTES)
                .callback(callback -> callback.call(budget.limitBytes())).build());
    }

    /**
     * The reason label of every {@code dropped*} and {@code refused*} counter of {@link BrokerCounters} but the
     * connection refusals, found by reflection as $SYS finds them, so that a counter added there is published
     * without a change here: {@code droppedQueueFull} is {@code queue_full}, {@code refusedDiskFull} is
     * {@code refused_disk_full}. Sorted by label.
     */
    static Map<String, LongAdder> dropCounters(BrokerCounters counters) {
        Map<String, LongAdder> result = new LinkedHashMap<>();
        Arrays.stream(BrokerCounters.class.getFields())
                .filter(field -> field.getType() == LongAdder.class && !Modifier.isStatic(field.getModifiers()))
                .filter(field -> field.getName().startsWith(DROPPED) || field.getName().startsWith(REFUSED))
                .filter(field -> !field.getName().startsWith(REFUSED_CONNECTION))
                .sorted(Comparator.comparing(field -> dropReason(field.getName())))
                .forEach(field -> result.put(dropReason(field.getName()), read(field, counters)));
        return result;
    }

    /** {@code droppedSlowConsumer} -> {@code slow_consumer}; {@code refusedSysTopic} -> {@code refused_sys_topic}. */
    static String dropReason(String counterName) {
        String rest = counterName.startsWith(DROPPED) ? counterName.substring(DROPPED.length()) : counterName;
        StringBuilder reason = new StringBuilder();
        for (int index = 0; index < rest.length(); index++) {
            char letter = rest.charAt(index);
            if (Character.isUpperCase(letter) && index > 0) {
                reason.append('_');
            }
            reason.append(Character.toLowerCase(letter));
        }
        return reason.toString();
    }

    private static LongAdder read(Field field, BrokerCounters counters) {
        try {
            return (LongAdder) field.get(counters);
        } catch (IllegalAccessException impossible) {
            throw new IllegalStateException("public counter not readable: " + field.getName(), impossible);
        }
    }

    private static void byQos(QosCounts counts, CounterWithCallback.Callback callback) {
        for (QoS qos : QoS.values()) {
            callback.call(counts.get(qos), Integer.toString(qos.value()));
        }
    }

    private static CounterWithCallback.Builder counter(String name, String help) {
        return CounterWithCallback.builder().name(name).help(help);
    }

    private static GaugeWithCallback.Builder gauge(String name, String help) {
        return GaugeWithCallback.builder().name(name).help(help);
    }

    private void add(Collector collector) {
        registry.register(collector);
        collectors.add(collector);
    }

    /** Removes the broker's metrics from the registry (a registry may outlive one broker, e.g. in tests). */
    @Override
    public void close() {
        collectors.forEach(registry::unregister);
        multiCollectors.forEach(registry::unregister);
        collectors.clear();
        multiCollectors.clear();
    }
}
