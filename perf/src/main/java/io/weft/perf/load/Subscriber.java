package io.weft.perf.load;

import org.HdrHistogram.Histogram;

import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Owned by its own thread: reads deliveries 64 KiB at a time, checks each against its ledger in place, and
 * acknowledges a whole read's QoS 1 messages with one write. After each read it reports progress to the
 * publishers' flow gates and publishes its counters.
 */
final class Subscriber implements Runnable, FrameHandler {

    /**
     * A read smaller than this, with coalescing on, is followed by a short pause before the next read: a
     * broker that writes each packet with its own syscall would otherwise cost the generator a wake-up and
     * a read per message, several times what a message costs it otherwise.
     */
    static final int SMALL_READ = 16 * 1024;
    /** The pause: short against the queueing delays of a saturated broker, long enough to gather packets. */
    static final long COALESCE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final RunContext context;
    private final BenchConnection connection;
    private final DeliveryLedger ledger;
    private final FlowGate[] gates;
    private final int slot;
    private final long coalesceNanos;
    private final boolean mqtt5;
    private final Histogram latency = new Histogram(3); // microseconds; resizes itself
    private final int[] dirty;
    private final boolean[] isDirty;
    private int dirtyCount;
    private byte[] acks = new byte[16 * 1024];
    private int ackLength;
    private long count;
    private long now;
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureUntil = Long.MAX_VALUE;
    private volatile long received;
    private volatile long lastArrival;
    private volatile boolean closing;

    /**
     * @param gates the publishers' flow gates, indexed by publisher, or null when nobody waits for delivery
     * @param slot  this subscriber's slot in each gate
     * @param coalesceNanos pause after a small read ({@link #COALESCE_NANOS}), or 0 to read eagerly
     */
    Subscriber(RunContext context, BenchConnection connection, int publishers, FlowGate[] gates, int slot,
               long coalesceNanos) {
        this.context = context;
        this.connection = connection;
        this.ledger = new DeliveryLedger(publishers);
        this.gates = gates;
        this.slot = slot;
        this.coalesceNanos = coalesceNanos;
        this.mqtt5 = connection.protocol().isMqtt5();
        this.dirty = new int[publishers];
        this.isDirty = new boolean[publishers];
    }

    /** Latency is recorded for messages stamped within [from, until) (nanoTime). */
    void measure(long from, long until) {
        measureFrom = from;
        measureUntil = until;
    }

    @Override
    public void run() {
        FrameReader reader = connection.reader();
        int read = SMALL_READ;
        try {
            now = System.nanoTime();
            while (true) {
                reader.dispatch(this, Integer.MAX_VALUE); // packets already buffered behind the CONNACK first
                afterRead();
                if (read < SMALL_READ && coalesceNanos > 0) {
                    LockSupport.parkNanos(coalesceNanos);
                }
                read = reader.fill();
                if (read < 0) {
                    break;
                }
                now = System.nanoTime();
            }
            if (!closing) {
                throw new EOFException("the broker closed the connection");
            }
            connection.disconnect();
        } catch (IOException broken) {
            if (!closing) {
                context.connectionFailed(connection.clientId(), broken);
            }
        }
    }

    /** Stops reading (the loop sees end of stream), then the thread sends DISCONNECT and ends. */
    void stop() {
        closing = true;
        connection.shutdownInput();
    }

    @Override
    public void frame(int header, byte[] buffer, int offset, int length) throws IOException {
        switch (header & 0xF0) {
            case MqttEncoder.PUBLISH -> delivery(header, buffer, offset, length);
            case MqttEncoder.DISCONNECT -> throw new IOException("the broker sent DISCONNECT"
                    + (length > 0 ? " 0x" + BenchConnection.hex(buffer[offset] & 0xFF) : ""));
            default -> {
                // PINGRESP and the like carry nothing to check
            }
        }
    }

    private void delivery(int header, byte[] buffer, int offset, int length) throws IOException {
        int qos = (header >>> 1) & 3;
        boolean dupFlag = (header & 0x08) != 0;
        int position = offset + 2 + ((buffer[offset] & 0xFF) << 8 | buffer[offset + 1] & 0xFF);
        if (qos == 1) {
            if (ackLength + MqttEncoder.PUBACK_LENGTH > acks.length) {
                acks = java.util.Arrays.copyOf(acks, acks.length * 2);
            }
            int packetId = (buffer[position] & 0xFF) << 8 | buffer[position + 1] & 0xFF;
            ackLength = MqttEncoder.puback(acks, ackLength, packetId); // same identifier [MQTT-2.3.1-6]
            position += 2;
        } else if (qos > 1) {
            throw new IOException("QoS " + qos + " PUBLISH on a subscription of at most QoS 1");
        }
        if (mqtt5) {
            position = VariableInteger.skip(buffer, position);
        }
        count++;
        if (offset + length - position < Payload.MINIMUM_SIZE) {
            ledger.record(-1, 0, dupFlag); // counted as foreign
            return;
        }
        int publisher = Payload.publisher(buffer, position);
        if (ledger.record(publisher, Payload.sequence(buffer, position), dupFlag) && !isDirty[publisher]) {
            isDirty[publisher] = true;
            dirty[dirtyCount++] = publisher;
        }
        long stamp = Payload.stamp(buffer, position);
        if (stamp >= measureFrom && stamp < measureUntil) {
            latency.recordValue(Math.max(0, now - stamp) / 1000);
        }
    }

    private void afterRead() throws IOException {
        if (ackLength > 0) {
            connection.write(acks, ackLength);
            ackLength = 0;
        }
        if (count != received) {
            received = count;
            lastArrival = now;
        }
        for (int index = 0; index < dirtyCount; index++) {
            int publisher = dirty[index];
            isDirty[publisher] = false;
            if (gates != null) {
                gates[publisher].advance(slot, ledger.progress(publisher));
            }
        }
        dirtyCount = 0;
    }

    /** Every PUBLISH received so far, duplicates included; updated once per read. */
    long received() {
        return received;
    }

    /** nanoTime of the read that brought the last PUBLISH. */
    long lastArrival() {
        return lastArrival;
    }

    /** Read after the thread ended. */
    DeliveryLedger ledger() {
        return ledger;
    }

    /** Read after the thread ended. */
    Histogram latency() {
        return latency;
    }
}
