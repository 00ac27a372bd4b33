package io.weft.core.metrics;

import io.weft.core.codec.QoS;
import io.weft.core.plugin.EventSink;
import io.weft.core.plugin.EventSink.EventKind;
import io.weft.core.plugin.Events;
import io.weft.spi.event.BrokerEvent;
import io.weft.spi.event.DropReason;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe (any thread): the broker's running totals. Every message the broker does not deliver is
 * counted here by reason, never dropped silently; $SYS and Prometheus (see BrokerMetrics) publish these.
 */
public final class BrokerCounters {

    public final LongAdder connectionsAccepted = new LongAdder();
    /**
     * CONNECTs refused, by the CONNACK reason code the broker decided (3.x clients get the nearest return code);
     * a connection beyond a connection limit is counted when it is refused, before its CONNECT is read.
     */
    public final ReasonCounts connectsRefused = new ReasonCounts();
    /** Connections of accepted clients that ended, by why. */
    public final DisconnectCounts disconnects = new DisconnectCounts();
    /** PUBLISH packets received from clients, by their QoS. */
    public final QosCounts messagesReceived = new QosCounts();
    /** PUBLISH packets queued towards clients, by the QoS of the copy. */
    public final QosCounts messagesSent = new QosCounts();
    /** A QoS 1/2 message arrived for a session whose queue was full (count and log, issue 5 adds policies). */
    public final LongAdder droppedQueueFull = new LongAdder();
    /**
     * A QoS 0 message towards a connection whose write backlog was full (slow consumer): the new one, or the
     * oldest waiting QoS 0 PUBLISH it replaced (limits.qos0-overflow).
     */
    public final LongAdder droppedSlowConsumer = new LongAdder();
    /** A message larger than the subscriber's Maximum Packet Size [MQTT-3.1.2-24]. */
    public final LongAdder droppedTooLarge = new LongAdder();
    /** A QoS 0 message for a session with no connection (QoS 0 is not queued for offline sessions). */
    public final LongAdder droppedOffline = new LongAdder();
    /** A QoS 1/2 message for a shared subscription with no member connected and its queue full (shared.max-queued-messages). */
    public final LongAdder droppedSharedQueueFull = new LongAdder();
    public final LongAdder protocolErrors = new LongAdder();
    /** A QoS 1/2 PUBLISH refused because the journal reached its disk cap (0x97 in 5.0; 3.x is closed). */
    public final LongAdder refusedDiskFull = new LongAdder();
    /** A PUBLISH (or will) from a client to a {@code $SYS/} topic, which only the broker writes (0x87 in 5.0). */
    public final LongAdder refusedSysTopic = new LongAdder();
    /** Bytes read from client sockets, added once per read call. */
    public final LongAdder bytesReceived = new LongAdder();
    /** Bytes written to client sockets, added once per write call. */
    public final LongAdder bytesSent = new LongAdder();
    /** Clients connected now (CONNECT accepted, connection not ended) and the most there were at once. */
    public final ConnectedClients clients = new ConnectedClients();
    /** A QoS 1/2 PUBLISH refused with 0x99: Payload Format Indicator 1 and a payload that is not UTF-8. */
    public final LongAdder refusedPayloadFormat = new LongAdder();
    /** A copy whose Message Expiry Interval passed before it was sent, or an expired retained message [MQTT-3.3.2-5]. */
    public final LongAdder droppedExpired = new LongAdder();
    /** A QoS 0 PUBLISH dropped on arrival: the queued-memory budget stayed exceeded while its reader waited. */
    public final LongAdder droppedMemory = new LongAdder();
    /** A QoS 1/2 PUBLISH refused for the same reason (0x97 in 5.0; 3.x is closed without an acknowledgement). */
    public final LongAdder refusedMemory = new LongAdder();
    /** A new connection refused with 0x89 Server busy (3.x: 0x03): maximum connections reached. */
    public final LongAdder refusedConnectionLimit = new LongAdder();
    /** A new connection refused with 0x9F Connection rate exceeded (3.x: 0x03). */
    public final LongAdder refusedConnectionRate = new LongAdder();
    /** Nanoseconds reader threads spent parked by a publish rate or bandwidth limit, all clients together. */
    public final LongAdder throttledNanos = new LongAdder();
    /** A client held back by its publish rate or bandwidth for the whole tolerance: DISCONNECT 0x96 or close. */
    public final LongAdder disconnectedMessageRate = new LongAdder();
    /** Listener plugins that want drops; none until the broker installs its plugins' sink. */
    private volatile EventSink events = EventSink.NONE;

    public void events(EventSink sink) {
        this.events = sink;
    }

    /**
     * Counts one message that was not delivered and tells the listener plugins that want drops.
     *
     * @param clientId the subscriber (the publisher for {@link DropReason#MEMORY})
     * @param topic    the message's topic; null when it is no longer known (an older QoS 0 message that a slow
     *                 consumer's backlog dropped to make room)
     */
    public void dropped(DropReason reason, String clientId, String topic, QoS qos) {
        counter(reason).increment();
        EventSink sink = events;
        if (sink.wants(EventKind.DROPPED)) {
            sink.emit(new BrokerEvent.MessageDropped(Instant.now(), clientId, topic, Events.qos(qos), reason));
        }
    }

    private LongAdder counter(DropReason reason) {
        return switch (reason) {
            case QUEUE_FULL -> droppedQueueFull;
            case SLOW_CONSUMER -> droppedSlowConsumer;
            case TOO_LARGE -> droppedTooLarge;
            case OFFLINE -> droppedOffline;
            case SHARED_QUEUE_FULL -> droppedSharedQueueFull;
            case EXPIRED -> droppedExpired;
            case MEMORY -> droppedMemory;
        };
    }
}
