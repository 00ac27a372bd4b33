package io.weft.core.protocol;

/**
 * Owned by the connection's reader thread: the topic aliases a client set on this connection (5.0 section
 * 3.3.2.3.4). It lives and dies with the connection's protocol, so no mapping outlives the connection
 * [MQTT-3.3.2-7]. The table is created with the first alias: most clients never use one.
 */
final class InboundAliases {

    private final int maximum;
    /** Index is the alias (1..maximum); null until the first alias. */
    private String[] topics;

    InboundAliases(int maximum) {
        this.maximum = maximum;
    }

    /** Whether {@code alias} is one the broker accepts: 1..Topic Alias Maximum [MQTT-3.3.2-9]. */
    boolean accepts(int alias) {
        return alias > 0 && alias <= maximum;
    }

    /** Sets (or replaces) the mapping; {@code alias} must be accepted. */
    void set(int alias, String topic) {
        if (topics == null) {
            topics = new String[maximum + 1];
        }
        topics[alias] = topic;
    }

    /** The topic set for {@code alias}, or null when none was set on this connection. */
    String topic(int alias) {
        return topics == null ? null : topics[alias];
    }
}
