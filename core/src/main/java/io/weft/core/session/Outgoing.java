package io.weft.core.session;

import io.weft.core.codec.MqttPacket.Publish;

/**
 * One QoS 1/2 message in flight towards a client, with where the handshake stands. Confined to its
 * session's lock.
 */
final class Outgoing {

    /** Where the outbound handshake stands [MQTT-4.3.2], [MQTT-4.3.3]. */
    enum State {
        AWAITING_PUBACK,
        AWAITING_PUBREC,
        AWAITING_PUBCOMP
    }

    final Publish publish;
    State state;

    Outgoing(Publish publish) {
        this.publish = publish;
        this.state = switch (publish.qos()) {
            case AT_LEAST_ONCE -> State.AWAITING_PUBACK;
            case EXACTLY_ONCE -> State.AWAITING_PUBREC;
            case AT_MOST_ONCE -> throw new IllegalArgumentException("QoS 0 is never in flight");
        };
    }
}
