package io.weft.spi.bridge;

import io.weft.spi.Qos;
import io.weft.spi.UserProperty;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * A message routed to a bridge.
 *
 * @param topic          the topic it was published to
 * @param payload        a read-only view of the payload
 * @param qos            the QoS it was published with
 * @param retain         whether it was published with the retain flag
 * @param userProperties its MQTT 5 user properties, in order
 * @param publisherId    the client identifier of the publisher
 * @since 1.0
 */
public record BridgedMessage(String topic, ByteBuffer payload, Qos qos, boolean retain,
                             List<UserProperty> userProperties, String publisherId) {

    public BridgedMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(qos, "qos");
        payload = payload.asReadOnlyBuffer();
        userProperties = List.copyOf(userProperties);
    }

    @Override
    public ByteBuffer payload() {
        return payload.duplicate();
    }
}
