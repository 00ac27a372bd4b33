package io.weft.perf.load;

import java.io.IOException;

/** Receives one MQTT packet in place: valid only during the call, the buffer is reused afterwards. */
@FunctionalInterface
interface FrameHandler {

    /**
     * @param header the first byte of the fixed header (packet type and flags)
     * @param buffer the read buffer
     * @param offset where the variable header starts
     * @param length the remaining length
     */
    void frame(int header, byte[] buffer, int offset, int length) throws IOException;
}
