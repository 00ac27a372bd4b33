package io.weft.core.codec;

/**
 * Neutral values for the record fields the codec tolerates as null on the way out: the records of
 * acknowledgements do not check their properties and reason codes, so the encoder reads null as
 * "none" and "success".
 */
final class Packets {

    private Packets() {
    }

    static MqttProperties properties(MqttProperties properties) {
        return properties == null ? MqttProperties.EMPTY : properties;
    }

    static ReasonCode reasonCode(ReasonCode reasonCode) {
        return reasonCode == null ? ReasonCode.SUCCESS : reasonCode;
    }

    /** Packet identifiers on the wire are 1..65535 [MQTT-2.2.1-3]. */
    static void checkPacketId(int packetId) {
        if (packetId < 1 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("packet identifier must be in 1..65535, found " + packetId);
        }
    }
}
