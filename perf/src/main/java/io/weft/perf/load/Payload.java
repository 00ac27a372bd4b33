package io.weft.perf.load;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The generator's message payload, big-endian: publisher index (4 bytes), sequence number (8), a
 * {@link System#nanoTime()} stamp (8: the send time, or the intended send time in the latency scenario),
 * then zeros up to {@code --payload} bytes.
 */
final class Payload {

    static final int MINIMUM_SIZE = 20;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Payload() {
    }

    static void write(byte[] buffer, int offset, int publisher, long sequence, long stampNanos) {
        INT.set(buffer, offset, publisher);
        LONG.set(buffer, offset + 4, sequence);
        LONG.set(buffer, offset + 12, stampNanos);
    }

    static int publisher(byte[] buffer, int offset) {
        return (int) INT.get(buffer, offset);
    }

    static long sequence(byte[] buffer, int offset) {
        return (long) LONG.get(buffer, offset + 4);
    }

    static long stamp(byte[] buffer, int offset) {
        return (long) LONG.get(buffer, offset + 12);
    }
}
