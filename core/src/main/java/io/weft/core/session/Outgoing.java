package io.weft.core.session;

import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;

import java.util.List;

/**
 * One QoS 1/2 copy queued for, or in flight towards, a client. Confined to its session's lock. Its packet
 * id follows from its sequence number, so it is the same after a restart [MQTT-4.4.0-1].
 */
final class Outgoing {

    /** Where the outbound handshake stands [MQTT-4.3.2], [MQTT-4.3.3]; QUEUED until first sent. */
    enum State {
        QUEUED,
        AWAITING_PUBACK,
        AWAITING_PUBREC,
        AWAITING_PUBCOMP
    }

    final long sequence;
    final Message message;
    final long receivedAtMillis;
    final QoS qos;
    final boolean retain;
    final List<Integer> subscriptionIdentifiers;
    /** The shared subscription ({@code $share/name/filter}) this copy was picked for, or null (not shared). */
    String shareGroup;
    /** Wall clock; Long.MAX_VALUE when the message has no Message Expiry Interval. */
    final long expiresAtMillis;
    /** Sent before (in an earlier connection or before a restart): the next send carries DUP [MQTT-3.3.1-1]. */
    boolean duplicate;
    State state = State.QUEUED;

    Outgoing(long sequence, Message message, long receivedAtMillis, QoS qos, boolean retain,
             List<Integer> subscriptionIdentifiers) {
        if (qos == QoS.AT_MOST_ONCE) {
            throw new IllegalArgumentException("QoS 0 is never queued");
        }
        this.sequence = sequence;
        this.message = message;
        this.receivedAtMillis = receivedAtMillis;
        this.qos = qos;
        this.retain = retain;
        this.subscriptionIdentifiers = subscriptionIdentifiers;
        this.expiresAtMillis = message.expiresAtMillis(receivedAtMillis);
    }

    /** Payload bytes, what the queue limits and the memory budget count. */
    int bytes() {
        return message.payload().length;
    }

    /** Its Message Expiry Interval has passed [MQTT-3.3.2-5]; no clock read for one without. */
    boolean expired(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    boolean canExpire() {
        return expiresAtMillis != Long.MAX_VALUE;
    }

    /** 1..65535, cycling with the sequence: never 0 [MQTT-2.2.1-3]. */
    static int packetId(long sequence) {
        return (int) (sequence % 65_535) + 1;
    }

    int packetId() {
        return packetId(sequence);
    }

    void sent() {
        state = qos == QoS.AT_LEAST_ONCE ? State.AWAITING_PUBACK : State.AWAITING_PUBREC;
    }

    /**
     * The PUBLISH for one copy in {@code version}; 5.0 adds the matching subscription identifiers and carries
     * the expiry interval that remains of a message received at {@code receivedAtMillis} [MQTT-3.3.2-6].
     */
    static Publish publish(Message message, long receivedAtMillis, QoS qos, boolean retain, int packetId,
                           boolean duplicate, List<Integer> subscriptionIdentifiers, ProtocolVersion version) {
        MqttProperties properties = version.isMqtt5()
                ? message.propertiesToSend(receivedAtMillis) : message.properties();
        if (version.isMqtt5() && !subscriptionIdentifiers.isEmpty()) {
            MqttProperties.Builder builder = properties.toBuilder();
            subscriptionIdentifiers.forEach(builder::subscriptionIdentifier);
            properties = builder.build();
        }
        return new Publish(duplicate, qos, retain, message.topic(), packetId,
                version.isMqtt5() ? properties : MqttProperties.EMPTY, message.payload());
    }
}
