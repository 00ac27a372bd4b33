package io.weft.core.testing;

import io.weft.core.LimitSettings;

import java.time.Duration;

/** LimitSettings for the overload tests: the defaults with only the limits a test is about changed. */
public final class Limits {

    private Limits() {
    }

    /** Connection limits (0 = none); everything else at its default. */
    public static LimitSettings connections(int maximumConnections, int listenerMaximumConnections, int connectionRate) {
        LimitSettings defaults = LimitSettings.defaults();
        return new LimitSettings(maximumConnections, listenerMaximumConnections, connectionRate,
                defaults.publishRate(), defaults.bandwidth(), defaults.throttleTolerance(),
                defaults.maximumQueuedBytes(), defaults.qos0Overflow(), defaults.queuedMemory());
    }

    /** Per-client publish rate and bandwidth (0 = none) with the given tolerance; everything else at its default. */
    public static LimitSettings throughput(int publishRate, long bandwidth, Duration throttleTolerance) {
        LimitSettings defaults = LimitSettings.defaults();
        return new LimitSettings(defaults.maximumConnections(), defaults.listenerMaximumConnections(),
                defaults.connectionRate(), publishRate, bandwidth, throttleTolerance, defaults.maximumQueuedBytes(),
                defaults.qos0Overflow(), defaults.queuedMemory());
    }
}
