package io.weft.core;

import java.time.Duration;

/**
 * The broker's own statistics under {@code $SYS/broker/...} (keys under {@code sys.}).
 *
 * @param enabled  whether they are published ({@code sys.enabled})
 * @param interval how often ({@code sys.interval})
 */
public record SysSettings(boolean enabled, Duration interval) {

    public SysSettings {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("$SYS interval must be positive");
        }
    }

    public static SysSettings defaults() {
        return new SysSettings(true, Duration.ofSeconds(10));
    }
}
