package io.weft.core.codec;

import java.io.InputStream;

/**
 * A stream over fixed bytes that gives at most {@code chunk} bytes per read, like a socket delivering
 * segments, and counts the reads. Past {@code readableLimit} bytes, a read fails the test.
 */
final class ChunkedInputStream extends InputStream {

    private final byte[] bytes;
    private final int chunk;
    private final int readableLimit;
    private int position;
    private int reads;

    ChunkedInputStream(byte[] bytes, int chunk) {
        this(bytes, chunk, Integer.MAX_VALUE);
    }

    ChunkedInputStream(byte[] bytes, int chunk, int readableLimit) {
        this.bytes = bytes;
        this.chunk = chunk;
        this.readableLimit = readableLimit;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        reads++;
        if (position >= readableLimit) {
            throw new AssertionError("read past byte " + readableLimit + " of the stream");
        }
        if (length == 0) {
            return 0;
        }
        if (position >= bytes.length) {
            return -1;
        }
        int count = Math.min(Math.min(length, chunk), bytes.length - position);
        System.arraycopy(bytes, position, target, offset, count);
        position += count;
        return count;
    }

    int reads() {
        return reads;
    }

    int position() {
        return position;
    }
}
