package io.weft.core.session;

import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.QoS;

/**
 * An application message as the broker routes it: immutable and shared by every subscriber it goes to.
 * {@code properties} are the 5.0 properties forwarded to subscribers (subscription identifiers and the
 * topic alias are per delivery and are not kept here).
 *
 * @param publisherId the client id of the publisher ("" for messages the broker makes itself)
 */
public record Message(String topic, byte[] payload, QoS qos, boolean retain, MqttProperties properties,
                      String publisherId) {

    /** The same message with another retain flag. */
    public Message withRetain(boolean newRetain) {
        return newRetain == retain ? this : new Message(topic, payload, qos, newRetain, properties, publisherId);
    }

    /** When a message that arrived at {@code receivedAtMillis} expires (wall clock), or Long.MAX_VALUE: never. */
    public long expiresAtMillis(long receivedAtMillis) {
        Long interval = properties.fourByteInteger(PropertyId.MESSAGE_EXPIRY_INTERVAL);
        return interval == null ? Long.MAX_VALUE : receivedAtMillis + interval * 1000;
    }

    /**
     * Whether its Message Expiry Interval has passed [MQTT-3.3.2-5]; the clock is read only for a message that
     * has one. Whole seconds waited count, as at recovery: it expires once it waited the whole interval.
     */
    public boolean expired(long receivedAtMillis) {
        long expiresAt = expiresAtMillis(receivedAtMillis);
        return expiresAt != Long.MAX_VALUE && System.currentTimeMillis() >= expiresAt;
    }

    /**
     * The properties to send now: the Message Expiry Interval lowered by the whole seconds the message waited
     * [MQTT-3.3.2-6], at least 1 (a copy already in flight is resent even if its time ran out). The same
     * instance when there is no interval or nothing to subtract.
     */
    public MqttProperties propertiesToSend(long receivedAtMillis) {
        Long interval = properties.fourByteInteger(PropertyId.MESSAGE_EXPIRY_INTERVAL);
        if (interval == null) {
            return properties;
        }
        long waitedSeconds = Math.max(0, System.currentTimeMillis() - receivedAtMillis) / 1000;
        if (waitedSeconds == 0) {
            return properties;
        }
        long remaining = Math.max(1, interval - waitedSeconds);
        return properties.toBuilder().put(PropertyId.MESSAGE_EXPIRY_INTERVAL, remaining).build();
    }
}
