package io.weft.perf.load;

import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Owned by its own thread, plus a second thread that reads PUBACKs at QoS 1: sends message k at its
 * intended time {@code start + (k * publishers + index) / rate}, stamped with that intended time rather than
 * the actual one. A message delayed by a stall, a full window or the flow gate is still charged from its
 * intended time, so the latency histogram has no coordinated omission.
 */
final class ScheduledPublisher implements Runnable, FrameHandler {

    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final RunContext context;
    private final BenchConnection connection;
    private final FlowGate gate;
    private final PublishBatch batch;
    private final int qos;
    private final int window;
    private final int index;
    private final int publishers;
    private final double periodNanos;
    private final long start;
    private long sequence;
    private volatile long acked;
    private volatile boolean closing;
    private volatile Thread writer;

    /** @param start nanoTime of the schedule's origin (the same for every publisher) */
    ScheduledPublisher(RunContext context, BenchConnection connection, int index, String topic, FlowGate gate,
                       long start) {
        Options options = context.options();
        this.context = context;
        this.connection = connection;
        this.gate = gate;
        this.qos = options.qos();
        this.window = options.window();
        this.index = index;
        this.publishers = options.publishers();
        this.periodNanos = 1e9 / options.rate();
        this.start = start;
        PublishFrame frame = MqttEncoder.publish(options.protocol(), topic, qos, new byte[options.payload()]);
        this.batch = new PublishBatch(frame, index, Math.max(window, 64));
    }

    @Override
    public void run() {
        writer = Thread.currentThread();
        Thread reader = qos > 0 ? context.options().threads().start(connection.clientId() + "-acks", this::readAcks)
                : null;
        try {
            publish();
            while (reader != null && acked < sequence && reader.isAlive()) {
                LockSupport.parkNanos(this, PARK_NANOS); // the reader unparks on each PUBACK
            }
            closing = true;
            connection.disconnect(); // ends the reader's blocking read
        } catch (IOException broken) {
            context.connectionFailed(connection.clientId(), broken);
        }
    }

    private void publish() throws IOException {
        while (!context.stopping()) {
            long now = System.nanoTime();
            long due = dueBy(now) - sequence;
            if (due <= 0) {
                LockSupport.parkNanos(this, intended(sequence) - now);
                continue;
            }
            long credit = Math.min(Math.min(due, gate.credit()), batch.capacity());
            if (qos > 0) {
                credit = Math.min(credit, window - (sequence - acked));
            }
            if (credit > 0) {
                send((int) credit);
            } else if (qos > 0 && sequence - acked >= window) {
                LockSupport.parkNanos(this, PARK_NANOS); // the reader unparks on each PUBACK
            } else if (gate.await(context) == 0) {
                return;
            }
        }
    }

    private void send(int count) throws IOException {
        for (int slot = 0; slot < count; slot++) {
            batch.stamp(slot, sequence + slot, intended(sequence + slot));
        }
        connection.write(batch.bytes(), batch.length(count));
        sequence += count;
        gate.sent(count);
    }

    private long intended(long message) {
        return start + (long) ((message * publishers + index) * periodNanos);
    }

    /** How many of this publisher's messages were due at or before {@code now}. */
    private long dueBy(long now) {
        double slots = (now - start) / periodNanos - index;
        return slots < 0 ? 0 : (long) (slots / publishers) + 1;
    }

    private void readAcks() {
        FrameReader reader = connection.reader();
        try {
            while (true) {
                if (reader.dispatch(this, Integer.MAX_VALUE) > 0) {
                    LockSupport.unpark(writer);
                }
                if (reader.fill() < 0) {
                    throw new EOFException("the broker closed the connection");
                }
            }
        } catch (IOException broken) {
            if (!closing) {
                context.connectionFailed(connection.clientId(), broken);
            }
        }
    }

    @Override
    public void frame(int header, byte[] buffer, int offset, int length) throws IOException {
        switch (header & 0xF0) {
            case MqttEncoder.PUBACK -> {
                if (length > 2 && (buffer[offset + 2] & 0xFF) >= 0x80) { // 5.0 reason code
                    throw new IOException("PUBLISH refused (PUBACK 0x" + BenchConnection.hex(buffer[offset + 2] & 0xFF)
                            + ")");
                }
                acked = acked + 1; // single writer: this thread
            }
            case MqttEncoder.DISCONNECT -> throw new IOException("the broker sent DISCONNECT");
            default -> throw new IOException("unexpected packet type " + (header >>> 4) + " on a publisher");
        }
    }

    /** Messages sent; read after the thread ended. */
    long sent() {
        return sequence;
    }
}
