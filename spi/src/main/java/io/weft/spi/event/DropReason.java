package io.weft.spi.event;

/**
 * Why a message was not delivered. Each drop is also counted in the broker's {@code weft_messages_dropped_total}.
 *
 * @since 1.0
 */
public enum DropReason {
    /** The subscriber's session queue was full (messages or bytes). */
    QUEUE_FULL,
    /** QoS 0 towards a connection whose writes are backed up. */
    SLOW_CONSUMER,
    /** Larger than the subscriber's Maximum Packet Size. */
    TOO_LARGE,
    /** QoS 0 for a subscriber whose session has no connection. */
    OFFLINE,
    /** A shared subscription's queue, while no member is connected, was full. */
    SHARED_QUEUE_FULL,
    /** Its Message Expiry Interval passed before it could be sent. */
    EXPIRED,
    /** The broker's queued-memory budget stayed exceeded: a QoS 0 PUBLISH dropped on arrival. */
    MEMORY
}
