package io.weft.perf.load;

/**
 * One encoded PUBLISH whose packet identifier and payload are patched in place before each send.
 *
 * @param bytes          the whole packet, fixed header included
 * @param packetIdOffset where the two-byte packet identifier sits, or -1 at QoS 0
 * @param payloadOffset  where the application payload starts (it runs to the end of {@code bytes})
 */
record PublishFrame(byte[] bytes, int packetIdOffset, int payloadOffset) {

    int length() {
        return bytes.length;
    }
}
