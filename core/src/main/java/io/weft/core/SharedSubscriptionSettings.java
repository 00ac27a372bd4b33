package io.weft.core;

/**
 * Shared subscriptions {@code $share/group/filter} (keys under {@code shared.}).
 *
 * @param strategy              how a group picks the member for a message ({@code shared.strategy})
 * @param maximumQueuedMessages QoS 1/2 messages a group keeps while none of its members is connected
 *                              ({@code shared.max-queued-messages})
 */
public record SharedSubscriptionSettings(SharedStrategy strategy, int maximumQueuedMessages) {

    public SharedSubscriptionSettings {
        if (strategy == null) {
            throw new IllegalArgumentException("strategy must not be null");
        }
        if (maximumQueuedMessages < 0) {
            throw new IllegalArgumentException("maximum queued messages must not be negative");
        }
    }

    public static SharedSubscriptionSettings defaults() {
        return new SharedSubscriptionSettings(SharedStrategy.ROUND_ROBIN, 10_000);
    }
}
