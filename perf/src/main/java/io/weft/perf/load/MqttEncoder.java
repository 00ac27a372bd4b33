package io.weft.perf.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the few packets the load generator sends. It is written from the specification on purpose and
 * shares nothing with weft-core's codec, so a bug there cannot hide behind the same bug here. Packets are
 * encoded once per connection (the PUBLISH as a template), never per message.
 */
final class MqttEncoder {

    static final int CONNECT = 0x10;
    static final int CONNACK = 0x20;
    static final int PUBLISH = 0x30;
    static final int PUBACK = 0x40;
    static final int SUBSCRIBE = 0x82; // reserved flags 0010 [MQTT-3.8.1-1]
    static final int SUBACK = 0x90;
    static final int PINGREQ = 0xC0;
    static final int PINGRESP = 0xD0;
    static final int DISCONNECT = 0xE0;

    /** Bytes of an encoded PUBACK: fixed header and packet identifier (5.0 may omit reason code 0x00). */
    static final int PUBACK_LENGTH = 4;

    private static final int CLEAN_SESSION_FLAG = 0x02;
    private static final int SESSION_EXPIRY_PROPERTY = 0x11;

    private MqttEncoder() {
    }

    /** CONNECT without will, user name or password. Keep alive 0 turns the keep-alive mechanism off. */
    static byte[] connect(Protocol protocol, String clientId, SessionMode session, int keepAliveSeconds) {
        Body body = new Body();
        body.string("MQTT").u8(protocol.level());
        body.u8(session == SessionMode.CLEAN ? CLEAN_SESSION_FLAG : 0).u16(keepAliveSeconds);
        if (protocol.isMqtt5()) {
            if (session == SessionMode.PERSISTENT) {
                body.u8(5).u8(SESSION_EXPIRY_PROPERTY).u32(SessionMode.PERSISTENT_EXPIRY_SECONDS);
            } else {
                body.u8(0); // no properties: the session ends with the connection
            }
        }
        body.string(clientId);
        return body.packet(CONNECT);
    }

    /** SUBSCRIBE to one filter with the given maximum QoS (5.0: no properties, other options 0). */
    static byte[] subscribe(Protocol protocol, int packetId, String filter, int qos) {
        Body body = new Body().u16(packetId);
        if (protocol.isMqtt5()) {
            body.u8(0);
        }
        return body.string(filter).u8(qos).packet(SUBSCRIBE);
    }

    /** A PUBLISH template: packet identifier 0 until patched, payload as given. No DUP, no RETAIN. */
    static PublishFrame publish(Protocol protocol, String topic, int qos, byte[] payload) {
        Body body = new Body().string(topic);
        int packetIdAt = -1;
        if (qos > 0) {
            packetIdAt = body.size();
            body.u16(0);
        }
        if (protocol.isMqtt5()) {
            body.u8(0);
        }
        int payloadAt = body.size();
        body.bytes(payload);
        byte[] packet = body.packet(PUBLISH | qos << 1);
        int header = packet.length - body.size();
        return new PublishFrame(packet, packetIdAt < 0 ? -1 : header + packetIdAt, header + payloadAt);
    }

    /** Writes a PUBACK for {@code packetId} at {@code offset}; returns the offset after it. */
    static int puback(byte[] into, int offset, int packetId) {
        into[offset] = (byte) PUBACK;
        into[offset + 1] = 2;
        into[offset + 2] = (byte) (packetId >>> 8);
        into[offset + 3] = (byte) packetId;
        return offset + PUBACK_LENGTH;
    }

    static byte[] pingreq() {
        return new byte[] {(byte) PINGREQ, 0};
    }

    /** DISCONNECT; for 5.0 remaining length 0 means reason code 0x00, normal disconnection. */
    static byte[] disconnect() {
        return new byte[] {(byte) DISCONNECT, 0};
    }

    /** Variable header and payload of one packet, then its fixed header in front. */
    private static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body u8(int value) {
            out.write(value);
            return this;
        }

        Body u16(int value) {
            return u8(value >>> 8).u8(value & 0xFF);
        }

        Body u32(long value) {
            return u16((int) (value >>> 16) & 0xFFFF).u16((int) value & 0xFFFF);
        }

        Body string(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            return u16(utf8.length).bytes(utf8);
        }

        Body bytes(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] packet(int firstByte) {
            ByteArrayOutputStream packet = new ByteArrayOutputStream(out.size() + 5);
            packet.write(firstByte);
            int remaining = out.size();
            do { // variable byte integer, 7 bits a byte, least significant group first
                int digit = remaining & 0x7F;
                remaining >>>= 7;
                packet.write(remaining > 0 ? digit | 0x80 : digit);
            } while (remaining > 0);
            packet.writeBytes(out.toByteArray());
            return packet.toByteArray();
        }
    }
}
