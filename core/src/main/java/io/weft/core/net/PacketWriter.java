package io.weft.core.net;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.PacketEncoder;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.WriteBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Owned by the connection's writer virtual thread; {@link #enqueue} may be called from any thread.
 * Whatever is queued when the writer wakes is encoded into one buffer and written with as few system
 * calls as possible: under load many packets share one write.
 */
final class PacketWriter {

    /** A batch is written once it reaches this size, so one burst never holds a huge buffer. */
    private static final int FLUSH_THRESHOLD = 64 * 1024;
    /** What an idle connection keeps of its write buffer. */
    private static final int IDLE_CAPACITY = 256;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final OutputStream out;
    private ArrayDeque<MqttPacket> queue = new ArrayDeque<>(4);
    private ArrayDeque<MqttPacket> spare = new ArrayDeque<>(4);
    private boolean closing;
    private boolean writing;
    private boolean stopped;
    private volatile ProtocolVersion version = ProtocolVersion.MQTT_3_1_1;

    PacketWriter(OutputStream out) {
        this.out = out;
    }

    void version(ProtocolVersion negotiated) {
        version = negotiated;
    }

    /** Queues a packet; false when the writer is closing or stopped (the packet is not sent). */
    boolean enqueue(MqttPacket packet) {
        lock.lock();
        try {
            if (closing || stopped) {
                return false;
            }
            queue.addLast(packet);
            if (queue.size() == 1) {
                queued.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Packets queued and not yet taken by the writer. */
    int backlog() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Accepts nothing more; the writer sends what is queued and then returns from {@link #run}. */
    void closeAfterFlush() {
        lock.lock();
        try {
            closing = true;
            queued.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until everything queued has been written (or the writer stopped), at most {@code millis}. */
    boolean awaitDrained(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (!stopped && (!queue.isEmpty() || writing)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                drained.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The writer loop; returns when closing and drained, or when a write fails. */
    void run() throws IOException, InterruptedException {
        WriteBuffer buffer = new WriteBuffer();
        try {
            while (true) {
                ArrayDeque<MqttPacket> batch;
                lock.lock();
                try {
                    writing = false;
                    while (queue.isEmpty()) {
                        drained.signalAll();
                        if (closing) {
                            return;
                        }
                        buffer.release(IDLE_CAPACITY);
                        queued.await();
                    }
                    batch = queue;
                    queue = spare;
                    spare = batch;
                    writing = true;
                } finally {
                    lock.unlock();
                }
                ProtocolVersion encoding = version;
                MqttPacket packet;
                while ((packet = batch.pollFirst()) != null) {
                    PacketEncoder.encode(packet, encoding, buffer);
                    if (buffer.size() >= FLUSH_THRESHOLD) {
                        out.write(buffer.array(), 0, buffer.size());
                        buffer.clear();
                    }
                }
                if (buffer.size() > 0) {
                    out.write(buffer.array(), 0, buffer.size());
                    buffer.clear();
                }
            }
        } finally {
            lock.lock();
            try {
                stopped = true;
                writing = false;
                queue.clear();
                drained.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
