package io.weft.perf.jmh;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PacketEncoder;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.WriteBuffer;

import java.util.Arrays;

/** The telemetry PUBLISH the benchmarks send, and wire bytes made by the broker's own encoder. */
final class SamplePackets {

    /** A typical device topic: five levels, 24 characters. */
    static final String TOPIC = "site/17/device/4242/temp";

    private SamplePackets() {
    }

    /**
     * A PUBLISH of {@code payloadSize} bytes. For 5.0 it carries what a telemetry client typically sets: a
     * message expiry interval, a content type and one user property.
     */
    static Publish publish(ProtocolVersion version, QoS qos, int packetId, int payloadSize) {
        byte[] payload = new byte[payloadSize];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        MqttProperties properties = version.isMqtt5()
                ? MqttProperties.builder()
                        .put(PropertyId.MESSAGE_EXPIRY_INTERVAL, 3600L)
                        .put(PropertyId.CONTENT_TYPE, "application/json")
                        .userProperty("unit", "celsius")
                        .build()
                : MqttProperties.EMPTY;
        return new Publish(false, qos, false, TOPIC, qos == QoS.AT_MOST_ONCE ? 0 : packetId, properties, payload);
    }

    /** The whole packet as it travels on the wire. */
    static byte[] encode(MqttPacket packet, ProtocolVersion version) {
        WriteBuffer buffer = new WriteBuffer();
        PacketEncoder.encode(packet, version, buffer);
        return Arrays.copyOf(buffer.array(), buffer.size());
    }

    /** The size of the fixed header (type byte plus remaining length) of the encoded packet {@code wire}. */
    static int fixedHeaderSize(byte[] wire) {
        int size = 1;
        while ((wire[size] & 0x80) != 0) {
            size++;
        }
        return size + 1;
    }
}
