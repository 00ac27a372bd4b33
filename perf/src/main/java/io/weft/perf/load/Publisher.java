package io.weft.perf.load;

import java.io.EOFException;
import java.io.IOException;

/**
 * Owned by its own thread: publishes as fast as its credit allows (fan-in, fan-out, shared, backlog).
 * Each loop writes everything the credit allows in one write() call; at QoS 1 the same thread reads the
 * PUBACKs whenever it may not send.
 */
final class Publisher implements Runnable, FrameHandler {

    private final RunContext context;
    private final BenchConnection connection;
    private final FlowGate gate;
    private final PublishBatch batch;
    private final int qos;
    private final int window;
    private final long limit;
    private long sequence;
    private long inflight;

    /**
     * @param limit messages to send before stopping by itself ({@code Long.MAX_VALUE}: until the run stops)
     */
    Publisher(RunContext context, BenchConnection connection, int index, String topic, FlowGate gate, long limit) {
        Options options = context.options();
        this.context = context;
        this.connection = connection;
        this.gate = gate;
        this.qos = options.qos();
        this.window = options.window();
        this.limit = limit;
        PublishFrame frame = MqttEncoder.publish(options.protocol(), topic, qos, new byte[options.payload()]);
        this.batch = new PublishBatch(frame, index, window);
    }

    @Override
    public void run() {
        try {
            publish();
            while (inflight > 0) { // the last PUBACKs, also after the run stopped
                readAcks();
            }
            connection.disconnect();
        } catch (IOException broken) {
            context.connectionFailed(connection.clientId(), broken);
        }
    }

    private void publish() throws IOException {
        int threshold = Math.max(1, window / 2);
        while (!context.stopping() && sequence < limit) {
            long credit = Math.min(gate.credit(), limit - sequence);
            long wanted = Math.min(threshold, limit - sequence); // QoS 0: half a window, fewer larger writes
            if (qos > 0) {
                credit = Math.min(credit, window - inflight);
                // Answer each read of PUBACKs at once, as a real client would: waiting for more would stall
                // against a broker that delays small writes (Nagle), for a delayed ACK of ours.
                wanted = 1;
            }
            if (credit >= wanted) {
                send((int) Math.min(credit, batch.capacity()));
            } else if (inflight > 0) {
                readAcks(); // PUBACKs are on their way: no need to park
            } else if (gate.await(context) == 0) {
                return;
            }
        }
    }

    private void send(int count) throws IOException {
        long now = System.nanoTime();
        for (int index = 0; index < count; index++) {
            batch.stamp(index, sequence + index, now);
        }
        connection.write(batch.bytes(), batch.length(count));
        sequence += count;
        if (qos > 0) {
            inflight += count;
        }
        gate.sent(count);
    }

    private void readAcks() throws IOException {
        FrameReader reader = connection.reader();
        if (reader.dispatch(this, Integer.MAX_VALUE) == 0) {
            if (reader.fill() < 0) {
                throw new EOFException("the broker closed the connection");
            }
            reader.dispatch(this, Integer.MAX_VALUE);
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
                inflight--;
            }
            case MqttEncoder.DISCONNECT -> throw new IOException("the broker sent DISCONNECT"
                    + (length > 0 ? " 0x" + BenchConnection.hex(buffer[offset] & 0xFF) : ""));
            default -> throw new IOException("unexpected packet type " + (header >>> 4) + " on a publisher");
        }
    }

    /** Messages sent; read after the thread ended. */
    long sent() {
        return sequence;
    }
}
