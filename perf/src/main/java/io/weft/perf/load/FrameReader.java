package io.weft.perf.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Owned by the connection's thread. Reads a socket in large chunks and hands every complete MQTT packet to
 * a {@link FrameHandler} in place, without copying or allocating per packet. A packet split across reads
 * stays in the buffer (moved to its front) until the rest arrives; a packet larger than the buffer grows it.
 */
final class FrameReader {

    static final int DEFAULT_CAPACITY = 64 * 1024;
    /** Far above anything the generator asks for; a larger remaining length means a broken stream. */
    private static final int MAXIMUM_PACKET = 64 * 1024 * 1024;

    private final InputStream input;
    private byte[] buffer;
    private int start;
    private int end;

    FrameReader(InputStream input, int capacity) {
        this.input = input;
        this.buffer = new byte[capacity];
    }

    /** One blocking read; returns the bytes read, or -1 at the end of the stream. */
    int fill() throws IOException {
        if (start == end) {
            start = 0;
            end = 0;
        } else if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            grow(buffer.length * 2);
        }
        int read = input.read(buffer, end, buffer.length - end);
        if (read > 0) {
            end += read;
        }
        return read;
    }

    /** Hands up to {@code limit} complete buffered packets to {@code handler}; returns how many. */
    int dispatch(FrameHandler handler, int limit) throws IOException {
        int count = 0;
        while (count < limit && end - start >= 2) {
            int position = start + 1;
            int remaining = 0;
            int shift = 0;
            int digit;
            do { // variable byte integer: at most 4 bytes [MQTT-1.5.5-1]
                if (position == end) {
                    return count;
                }
                if (shift == 28) {
                    throw new IOException("malformed remaining length (more than 4 bytes)");
                }
                digit = buffer[position++];
                remaining |= (digit & 0x7F) << shift;
                shift += 7;
            } while ((digit & 0x80) != 0);
            int total = position - start + remaining;
            if (remaining > MAXIMUM_PACKET) {
                throw new IOException("packet of " + remaining + " bytes is larger than the generator accepts");
            }
            if (end - start < total) {
                if (total > buffer.length) {
                    grow(total);
                }
                return count;
            }
            int header = buffer[start] & 0xFF;
            start += total; // before the call: the handler may throw
            handler.frame(header, buffer, position, remaining);
            count++;
        }
        return count;
    }

    /** Reads until one packet is complete and hands it to {@code handler}; later packets stay buffered. */
    void next(FrameHandler handler) throws IOException {
        while (dispatch(handler, 1) == 0) {
            if (fill() < 0) {
                throw new EOFException("the broker closed the connection");
            }
        }
    }

    private void grow(int capacity) {
        byte[] larger = new byte[Math.max(capacity, buffer.length)];
        System.arraycopy(buffer, start, larger, 0, end - start);
        end -= start;
        start = 0;
        buffer = larger;
    }
}
