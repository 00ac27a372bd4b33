package io.weft.spi;

/**
 * The quality of service of a message or a subscription.
 *
 * @since 1.0
 */
public enum Qos {
    /** QoS 0. */
    AT_MOST_ONCE,
    /** QoS 1. */
    AT_LEAST_ONCE,
    /** QoS 2. */
    EXACTLY_ONCE;

    /** 0, 1 or 2. */
    public int level() {
        return ordinal();
    }

    public static Qos of(int level) {
        return switch (level) {
            case 0 -> AT_MOST_ONCE;
            case 1 -> AT_LEAST_ONCE;
            case 2 -> EXACTLY_ONCE;
            default -> throw new IllegalArgumentException("QoS must be 0, 1 or 2: " + level);
        };
    }
}
