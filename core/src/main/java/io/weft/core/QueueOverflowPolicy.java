package io.weft.core;

import java.util.Locale;

/** Which QoS 0 message goes when a session's queue is full. */
public enum QueueOverflowPolicy {
    /** The oldest queued QoS 0 message makes room for the new one (telemetry: the newest reading matters). */
    DROP_OLDEST,
    /** The new message is dropped. */
    DROP_NEWEST;

    /** The name in configuration: {@code drop-oldest}, {@code drop-newest}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
