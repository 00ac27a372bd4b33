package io.weft.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.LongAdder;

/**
 * Each stream is owned by the thread of its side of the connection (the reader, or the running writer).
 * Socket streams that add the bytes they move to a broker-wide counter: one {@link LongAdder#add} per read
 * or write call (the reader and the writer move whole buffers per call), never per byte.
 */
final class CountingStreams {

    private CountingStreams() {
    }

    static InputStream counted(InputStream in, LongAdder bytes) {
        return new CountingInput(in, bytes);
    }

    static OutputStream counted(OutputStream out, LongAdder bytes) {
        return new CountingOutput(out, bytes);
    }

    private static final class CountingInput extends InputStream {
        private final InputStream in;
        private final LongAdder bytes;

        CountingInput(InputStream in, LongAdder bytes) {
            this.in = in;
            this.bytes = bytes;
        }

        @Override
        public int read() throws IOException {
            int value = in.read();
            if (value >= 0) {
                bytes.increment();
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = in.read(buffer, offset, length);
            if (read > 0) {
                bytes.add(read);
            }
            return read;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static final class CountingOutput extends OutputStream {
        private final OutputStream out;
        private final LongAdder bytes;

        CountingOutput(OutputStream out, LongAdder bytes) {
            this.out = out;
            this.bytes = bytes;
        }

        @Override
        public void write(int value) throws IOException {
            out.write(value);
            bytes.increment();
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
            bytes.add(length); // after the write: bytes that failed to go out are not counted
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
