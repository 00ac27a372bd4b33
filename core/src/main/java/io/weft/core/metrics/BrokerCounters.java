package io.weft.core.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe (any thread): the broker's running totals. Every message the broker does not deliver is
 * counted here by reason, never dropped silently; the Prometheus and $SYS issues publish these.
 */
public final class BrokerCounters {

    public final LongAdder connectionsAccepted = new LongAdder();
    public final LongAdder messagesReceived = new LongAdder();
    public final LongAdder messagesSent = new LongAdder();
    /** A QoS 1/2 message arrived for a session whose queue was full (count and log, issue 5 adds policies). */
    public final LongAdder droppedQueueFull = new LongAdder();
    /** A QoS 0 message towards a connection whose write backlog was full (slow consumer). */
    public final LongAdder droppedSlowConsumer = new LongAdder();
    /** A message larger than the subscriber's Maximum Packet Size [MQTT-3.1.2-24]. */
    public final LongAdder droppedTooLarge = new LongAdder();
    /** A QoS 0 message for a session with no connection (QoS 0 is not queued for offline sessions). */
    public final LongAdder droppedOffline = new LongAdder();
    public final LongAdder protocolErrors = new LongAdder();
    /** A QoS 1/2 PUBLISH refused because the journal reached its disk cap (0x97 in 5.0; 3.x is closed). */
    public final LongAdder refusedDiskFull = new LongAdder();
    /** A new connection refused with 0x89 Server busy (3.x: 0x03): maximum connections reached. */
    public final LongAdder refusedConnectionLimit = new LongAdder();
    /** A new connection refused with 0x9F Connection rate exceeded (3.x: 0x03). */
    public final LongAdder refusedConnectionRate = new LongAdder();
    /** Nanoseconds reader threads spent parked by a publish rate or bandwidth limit, all clients together. */
    public final LongAdder throttledNanos = new LongAdder();
    /** A client held back by its publish rate or bandwidth for the whole tolerance: DISCONNECT 0x96 or close. */
    public final LongAdder disconnectedMessageRate = new LongAdder();
}
