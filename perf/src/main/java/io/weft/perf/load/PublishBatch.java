package io.weft.perf.load;

/**
 * Owned by one publisher's thread. The PUBLISH template copied {@code capacity} times into one buffer, so
 * that a batch costs a few patched bytes per message and a single write() call.
 */
final class PublishBatch {

    /** Packet identifiers run 1..65535 [MQTT-2.3.1-1]; a window of at most 65535 keeps them unique. */
    private static final int PACKET_IDS = 65_535;

    private final PublishFrame frame;
    private final int publisher;
    private final byte[] bytes;

    PublishBatch(PublishFrame frame, int publisher, int capacity) {
        this.frame = frame;
        this.publisher = publisher;
        this.bytes = new byte[frame.length() * capacity];
        for (int index = 0; index < capacity; index++) {
            System.arraycopy(frame.bytes(), 0, bytes, index * frame.length(), frame.length());
        }
    }

    /** Fills slot {@code index} with message {@code sequence}; at QoS 1 its packet id follows the sequence. */
    void stamp(int index, long sequence, long stampNanos) {
        int base = index * frame.length();
        if (frame.packetIdOffset() >= 0) {
            int packetId = (int) (sequence % PACKET_IDS) + 1;
            bytes[base + frame.packetIdOffset()] = (byte) (packetId >>> 8);
            bytes[base + frame.packetIdOffset() + 1] = (byte) packetId;
        }
        Payload.write(bytes, base + frame.payloadOffset(), publisher, sequence, stampNanos);
    }

    byte[] bytes() {
        return bytes;
    }

    /** Bytes taken by {@code count} messages. */
    int length(int count) {
        return count * frame.length();
    }

    int capacity() {
        return bytes.length / frame.length();
    }
}
