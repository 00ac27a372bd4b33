package io.weft.core.session;

import io.weft.core.codec.MqttProperties;
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
}
