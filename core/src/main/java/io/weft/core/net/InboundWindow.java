package io.weft.core.net;

import io.weft.core.codec.MqttPacket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Owned by its connection's reader virtual thread, which raises the count; whichever thread sends one of the
 * broker's acknowledgements (route stage, sync gate, reader) lowers it. The 5.0 Receive Maximum accounting
 * of a client's QoS 1/2 exchanges: created only for 5.0 connections, so a 3.x one carries nothing.
 */
final class InboundWindow {

    private static final VarHandle UNACKNOWLEDGED;

    static {
        try {
            UNACKNOWLEDGED = MethodHandles.lookup().findVarHandle(InboundWindow.class, "unacknowledged", int.class);
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    /** QoS 1/2 PUBLISH packets received and not yet acknowledged by the broker. */
    private volatile int unacknowledged;

    /**
     * Reader thread: a new QoS 1/2 PUBLISH arrived; false when it makes more than {@code receiveMaximum}
     * unacknowledged [MQTT-3.3.4-9].
     */
    boolean started(int receiveMaximum) {
        return (int) UNACKNOWLEDGED.getAndAdd(this, 1) + 1 <= receiveMaximum;
    }

    int unacknowledged() {
        return unacknowledged;
    }

    /**
     * An acknowledgement that ends an inbound exchange: PUBACK, a failed PUBREC (which ends a QoS 2 exchange) or a successful
     * PUBCOMP. Never below 0: a PUBCOMP may finish an exchange begun on an earlier connection, and the count
     * starts afresh with each connection (5.0 section 4.9).
     */
    void sent(MqttPacket packet) {
        boolean ends = switch (packet) {
            case MqttPacket.PubAck ignored -> true;
            case MqttPacket.PubRec rec -> rec.reasonCode().isError();
            case MqttPacket.PubComp comp -> !comp.reasonCode().isError();
            default -> false;
        };
        if (ends) {
            int current;
            do {
                current = (int) UNACKNOWLEDGED.getVolatile(this);
            } while (current > 0 && !UNACKNOWLEDGED.compareAndSet(this, current, current - 1));
        }
    }
}
