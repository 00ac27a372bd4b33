package io.weft.core.net;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.PacketEncoder;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.codec.WriteBuffer;
import io.weft.core.metrics.MemoryBudget;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Owned by the connection's writer virtual thread, which exists only while there is something to write;
 * {@link #enqueue} may be called from any thread. The first packet queued while no writer runs starts one;
 * it encodes whatever is queued into one buffer, writes it with as few system calls as possible (under load
 * many packets share one write), and ends when the queue is empty. An idle connection so keeps no thread,
 * no buffer and no queue here.
 * <p>
 * The writer ends for good ({@code onEnd} runs, once) after {@link #closeAfterFlush} once everything queued
 * has been written, or when a write fails.
 */
final class PacketWriter {

    /** One name for every writer thread: a per-connection name would cost a string per burst. */
    private static final ThreadFactory WRITERS = Thread.ofVirtual().name("weft-writer").factory();
    /** A batch is written once it reaches this size, so one burst never holds a huge buffer. */
    private static final int FLUSH_THRESHOLD = 64 * 1024;
    private static final int QUEUE_CAPACITY = 4;
    private static final VarHandle QUEUED;
    private static final VarHandle QUEUED_BYTES;

    static {
        try {
            QUEUED = MethodHandles.lookup().findVarHandle(PacketWriter.class, "queued", int.class);
            QUEUED_BYTES = MethodHandles.lookup().findVarHandle(PacketWriter.class, "queuedBytes", long.class);
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }
    /** A guess at a typical encoded packet, for sizing a batch's buffer; a wrong guess costs one copy. */
    private static final int ESTIMATED_PACKET_SIZE = 128;

    private final ReentrantLock lock = new ReentrantLock();
    private final OutputStream out;
    private final Consumer<Throwable> onEnd;
    /** Holds the payload bytes of the QoS 0 PUBLISH packets queued here (QoS 1/2 ones are the session's). */
    private final MemoryBudget budget;
    /** Packets not yet taken by a writer; null while empty, so an idle connection holds no deque. */
    private ArrayDeque<MqttPacket> queue;
    /** Created by the first {@link #awaitDrained}: most connections never wait. */
    private Condition drained;
    /** A writer thread has been started and has not yet found the queue empty. */
    private boolean running;
    private boolean closing;
    /** Ended for good: closed and flushed, or a write failed. */
    private boolean stopped;
    private volatile ProtocolVersion version = ProtocolVersion.MQTT_3_1_1;
    /** What the client asked for about the packets it receives (5.0); null changes nothing. */
    private volatile OutboundRules rules;
    /**
     * The queue's size, written under the lock and read without it (opaque: the route stage asks once per
     * message and a value a moment old is good enough for a bound, so neither side pays a fence).
     */
    private int queued;
    /** Payload bytes of the queued PUBLISH packets, written and read like {@link #queued}. */
    private long queuedBytes;
    /** Of those, the QoS 0 ones, which are in the budget; under the lock. */
    private long queuedAtMostOnceBytes;
    /** The reason code of the first DISCONNECT queued here or received from the client, null before one; under the lock. */
    private ReasonCode disconnectReason;

    /**
     * {@code onEnd} runs once, on whichever thread ends the writer, never while the lock is held; it is given
     * the failure that ended it, or null when it ended flushed after {@link #closeAfterFlush}.
     */
    PacketWriter(OutputStream out, Consumer<Throwable> onEnd) {
        this(out, onEnd, MemoryBudget.UNLIMITED);
    }

    PacketWriter(OutputStream out, Consumer<Throwable> onEnd, MemoryBudget budget) {
        this.out = out;
        this.onEnd = onEnd;
        this.budget = budget;
    }

    void version(ProtocolVersion negotiated) {
        version = negotiated;
    }

    ProtocolVersion version() {
        return version;
    }

    /** Set once after CONNECT, before CONNACK is queued; applied to every packet encoded after it. */
    void rules(OutboundRules outbound) {
        rules = outbound.isEmpty() ? null : outbound;
    }

    /** Queues a packet; false when the writer is closing or stopped (the packet is not sent). */
    boolean enqueue(MqttPacket packet) {
        lock.lock();
        try {
            if (closing || stopped) {
                return false;
            }
            if (queue == null) {
                queue = new ArrayDeque<>(QUEUE_CAPACITY);
            }
            queue.addLast(packet);
            QUEUED.setOpaque(this, queue.size());
            if (packet instanceof Publish publish) {
                count(publish, 1);
            } else if (packet instanceof Disconnect disconnect && disconnectReason == null) {
                disconnectReason = disconnect.reasonCode();
            }
            if (running) {
                return true;
            }
            running = true;
        } finally {
            lock.unlock();
        }
        // Only the caller that set running starts a writer, so at most one runs; it sees this packet.
        try {
            WRITERS.newThread(this::drain).start();
        } catch (RuntimeException | OutOfMemoryError failure) {
            end(failure);
            return false;
        }
        return true;
    }

    /** The client sent DISCONNECT with {@code reason}: kept unless one was queued for it first. */
    void disconnectReceived(ReasonCode reason) {
        lock.lock();
        try {
            if (disconnectReason == null) {
                disconnectReason = reason;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The reason code of the first DISCONNECT queued for or received from the client, or null. */
    ReasonCode disconnectReason() {
        lock.lock();
        try {
            return disconnectReason;
        } finally {
            lock.unlock();
        }
    }

    /** Packets queued and not yet taken by the writer. */
    int backlog() {
        return (int) QUEUED.getOpaque(this);
    }

    /** Payload bytes of the PUBLISH packets queued and not yet taken by the writer. */
    long backlogBytes() {
        return (long) QUEUED_BYTES.getOpaque(this);
    }

    /**
     * Removes the oldest QoS 0 PUBLISH still queued, never a QoS 1/2 packet or an acknowledgement (a slow
     * consumer's backlog makes room for a newer QoS 0 message); false when there is none.
     */
    boolean dropOldestAtMostOnce() {
        lock.lock();
        try {
            if (queue == null) {
                return false;
            }
            for (Iterator<MqttPacket> waiting = queue.iterator(); waiting.hasNext(); ) {
                if (waiting.next() instanceof Publish publish && publish.qos() == QoS.AT_MOST_ONCE) {
                    waiting.remove();
                    QUEUED.setOpaque(this, queue.size());
                    count(publish, -1);
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: adds ({@code sign} 1) or removes (-1) a queued PUBLISH from the byte counts. */
    private void count(Publish publish, int sign) {
        long bytes = (long) sign * publish.payload().length;
        QUEUED_BYTES.setOpaque(this, queuedBytes + bytes);
        if (publish.qos() == QoS.AT_MOST_ONCE) {
            queuedAtMostOnceBytes += bytes;
            budget.add(bytes);
        }
    }

    /** Under the lock: the queue was taken or dropped whole. */
    private void uncountAll() {
        QUEUED.setOpaque(this, 0);
        QUEUED_BYTES.setOpaque(this, 0L);
        budget.release(queuedAtMostOnceBytes);
        queuedAtMostOnceBytes = 0;
    }

    /** Accepts nothing more; what is queued is sent, then the writer ends ({@code onEnd} runs). */
    void closeAfterFlush() {
        boolean endNow;
        lock.lock();
        try {
            if (closing || stopped) {
                return;
            }
            closing = true;
            // A running writer ends itself once drained; with none running the queue is empty already.
            endNow = !running;
        } finally {
            lock.unlock();
        }
        if (endNow) {
            end(null);
        }
    }

    /** Waits until everything queued has been written (or the writer stopped), at most {@code millis}. */
    boolean awaitDrained(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (!stopped && running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (drained == null) {
                    drained = lock.newCondition();
                }
                drained.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The writer thread: drains the queue, then ends; a failed write ends the connection. */
    private void drain() {
        try {
            writeUntilEmpty();
        } catch (IOException | RuntimeException failure) {
            end(failure);
        }
    }

    /**
     * Writes batches until the queue is found empty under the lock; the writer then stops running, so the
     * next {@link #enqueue} starts a new one and no packet is stranded. When closing, it ends the writer
     * for good before returning.
     */
    private void writeUntilEmpty() throws IOException {
        WriteBuffer buffer = null;
        ArrayDeque<MqttPacket> batch = null;
        while (true) {
            boolean closed = false;
            boolean empty;
            lock.lock();
            try {
                empty = queue == null || queue.isEmpty();
                if (empty) {
                    queue = null; // an idle writer keeps no deque
                    running = false;
                    if (drained != null) {
                        drained.signalAll();
                    }
                    closed = closing;
                } else {
                    ArrayDeque<MqttPacket> taken = queue;
                    queue = batch; // the emptied previous batch, reused while this writer runs
                    batch = taken;
                    uncountAll();
                }
            } finally {
                lock.unlock();
            }
            if (empty) {
                if (closed) {
                    end(null);
                }
                return;
            }
            if (buffer == null) {
                // Sized for this batch: doubling up from a small array cost a copy per step in every burst.
                buffer = new WriteBuffer(Math.min(FLUSH_THRESHOLD, Math.max(WriteBuffer.INITIAL_CAPACITY,
                        batch.size() * ESTIMATED_PACKET_SIZE)));
            }
            ProtocolVersion encoding = version;
            OutboundRules outbound = rules;
            MqttPacket packet;
            while ((packet = batch.pollFirst()) != null) {
                if (outbound != null) {
                    packet = outbound.apply(packet, encoding);
                }
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
    }

    /** Stops for good and runs {@code onEnd} once; {@code failure} is null when the queue was drained. */
    private void end(Throwable failure) {
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            stopped = true;
            running = false;
            queue = null; // empty when flushed; after a failure what is left is never sent
            uncountAll();
            if (drained != null) {
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
        onEnd.accept(failure);
    }
}
