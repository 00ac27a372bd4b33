package io.weft.core.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The fifteen MQTT control packets as one sealed family: handlers switch over it exhaustively, so a
 * packet added here breaks the compile everywhere it must be handled. One record serves all protocol
 * revisions; fields that 3.x does not carry hold their neutral value ({@link MqttProperties#EMPTY},
 * {@link ReasonCode#SUCCESS}). Byte arrays are owned by the record: callers must not change them.
 */
public sealed interface MqttPacket {

    PacketType type();

    /** CONNECT. {@code will}, {@code username} and {@code password} are null when absent. */
    record Connect(ProtocolVersion version, String clientId, boolean cleanStart, int keepAliveSeconds,
                   Will will, String username, byte[] password, MqttProperties properties) implements MqttPacket {
        public Connect {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(properties, "properties");
        }

        @Override
        public PacketType type() {
            return PacketType.CONNECT;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Connect that && version == that.version && clientId.equals(that.clientId)
                    && cleanStart == that.cleanStart && keepAliveSeconds == that.keepAliveSeconds
                    && Objects.equals(will, that.will) && Objects.equals(username, that.username)
                    && Arrays.equals(password, that.password) && properties.equals(that.properties);
        }

        @Override
        public int hashCode() {
            return Objects.hash(version, clientId, cleanStart, keepAliveSeconds, will, username, properties)
                    * 31 + Arrays.hashCode(password);
        }

        @Override
        public String toString() {
            return "Connect[version=" + version + ", clientId=" + clientId + ", cleanStart=" + cleanStart
                    + ", keepAlive=" + keepAliveSeconds + ", will=" + will + ", username=" + username
                    + ", password=" + (password == null ? "none" : "***") + ", properties=" + properties + "]";
        }
    }

    /** The Last Will of a CONNECT; {@code properties} are the will properties (5.0). */
    record Will(String topic, byte[] payload, QoS qos, boolean retain, MqttProperties properties) {
        public Will {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(qos, "qos");
            Objects.requireNonNull(properties, "properties");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Will that && topic.equals(that.topic) && Arrays.equals(payload, that.payload)
                    && qos == that.qos && retain == that.retain && properties.equals(that.properties);
        }

        @Override
        public int hashCode() {
            return Objects.hash(topic, qos, retain, properties) * 31 + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Will[topic=" + topic + ", " + payload.length + " bytes, qos=" + qos + ", retain=" + retain
                    + ", properties=" + properties + "]";
        }
    }

    /**
     * CONNACK. For 3.x the codec maps the reason code to a return code: 0x84 -> 1, 0x85 -> 2, 0x88 -> 3,
     * 0x86 -> 4, 0x87 -> 5 (other failures -> 3 for 3.1.1, "server unavailable").
     */
    record ConnAck(boolean sessionPresent, ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
        @Override
        public PacketType type() {
            return PacketType.CONNACK;
        }
    }

    /** PUBLISH. {@code packetId} is 0 for QoS 0 [MQTT-2.2.1-2]; {@code topic} may be empty with a topic alias (5.0). */
    record Publish(boolean dup, QoS qos, boolean retain, String topic, int packetId, MqttProperties properties,
                   byte[] payload) implements MqttPacket {
        public Publish {
            Objects.requireNonNull(qos, "qos");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(properties, "properties");
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public PacketType type() {
            return PacketType.PUBLISH;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Publish that && dup == that.dup && qos == that.qos && retain == that.retain
                    && topic.equals(that.topic) && packetId == that.packetId && properties.equals(that.properties)
                    && Arrays.equals(payload, that.payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(dup, qos, retain, topic, packetId, properties) * 31 + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Publish[dup=" + dup + ", qos=" + qos + ", retain=" + retain + ", topic=" + topic
                    + ", packetId=" + packetId + ", properties=" + properties + ", " + payload.length + " bytes]";
        }
    }

    /** PUBACK (QoS 1 acknowledgement). */
    record PubAck(int packetId, ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
        @Override
        public PacketType type() {
            return PacketType.PUBACK;
        }
    }

    /** PUBREC (QoS 2, part 1). */
    record PubRec(int packetId, ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
        @Override
        public PacketType type() {
            return PacketType.PUBREC;
        }
    }

    /** PUBREL (QoS 2, part 2); fixed header flags are 0b0010 [MQTT-3.6.1-1]. */
    record PubRel(int packetId, ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
        @Override
        public PacketType type() {
            return PacketType.PUBREL;
        }
    }

    /** PUBCOMP (QoS 2, part 3). */
    record PubComp(int packetId, ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
        @Override
        public PacketType type() {
            return PacketType.PUBCOMP;
        }
    }

    /** SUBSCRIBE; fixed header flags are 0b0010 [MQTT-3.8.1-1]; at least one subscription [MQTT-3.8.3-3]. */
    record Subscribe(int packetId, List<Subscription> subscriptions, MqttProperties properties) implements MqttPacket {
        public Subscribe {
            subscriptions = List.copyOf(subscriptions);
        }

        @Override
        public PacketType type() {
            return PacketType.SUBSCRIBE;
        }
    }

    /** One topic filter of a SUBSCRIBE with its options (3.x carries only the maximum QoS). */
    record Subscription(String filter, QoS maximumQos, boolean noLocal, boolean retainAsPublished,
                        RetainHandling retainHandling) {
        public Subscription {
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(maximumQos, "maximumQos");
            Objects.requireNonNull(retainHandling, "retainHandling");
        }

        /** A 3.x-style subscription: only a filter and a maximum QoS. */
        public static Subscription of(String filter, QoS maximumQos) {
            return new Subscription(filter, maximumQos, false, false, RetainHandling.SEND_ON_SUBSCRIBE);
        }
    }

    /** The Retain Handling subscription option (5.0). */
    enum RetainHandling {
        SEND_ON_SUBSCRIBE,
        SEND_IF_NEW_SUBSCRIPTION,
        DO_NOT_SEND
    }

    /** SUBACK: one reason code per subscription, in order [MQTT-3.9.3-1]. 3.x uses 0, 1, 2 and 0x80. */
    record SubAck(int packetId, List<ReasonCode> reasonCodes, MqttProperties properties) implements MqttPacket {
        public SubAck {
            reasonCodes = List.copyOf(reasonCodes);
        }

        @Override
        public PacketType type() {
            return PacketType.SUBACK;
        }
    }

    /** UNSUBSCRIBE; fixed header flags are 0b0010 [MQTT-3.10.1-1]; at least one filter [MQTT-3.10.3-2]. */
    record Unsubscribe(int packetId, List<String> filters, MqttProperties properties) implements MqttPacket {
        public Unsubscribe {
            filters = List.copyOf(filters);
        }

        @Override
        public PacketType type() {
            return PacketType.UNSUBSCRIBE;
        }
    }

    /** UNSUBACK; 3.x carries no reason codes (the list is empty there). */
    record UnsubAck(int packetId, List<ReasonCode> reasonCodes, MqttProperties properties) implements MqttPacket {
        public UnsubAck {
            reasonCodes = List.copyOf(reasonCodes);
        }

        @Override
        public PacketType type() {
            return PacketType.UNSUBACK;
        }
    }

    /** PINGREQ. */
    record PingReq() implements MqttPacket {
        @Override
        public PacketType type() {
            return PacketType.PINGREQ;
        }
    }

    /** PINGRESP. */
    record PingResp() implements MqttPacket {
        @Override
        public PacketType type() {
            return PacketType.PINGRESP;
        }
    }

    /** DISCONNECT; 3.x carries neither reason code nor properties. */
    record Disconnect(ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
        @Override
        public PacketType type() {
            return PacketType.DISCONNECT;
        }
    }

    /** AUTH (5.0 only). */
    record Auth(ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
        @Override
        public PacketType type() {
            return PacketType.AUTH;
        }
    }
}
