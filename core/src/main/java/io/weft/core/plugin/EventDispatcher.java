package io.weft.core.plugin;

import io.weft.core.plugin.EventSink.EventKind;
import io.weft.core.plugin.PluginTelemetry.FailureKind;
import io.weft.spi.event.BrokerEvent;
import io.weft.spi.event.BrokerEventListener;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Owned by one listener plugin's virtual thread ({@code weft-events-NAME}), which takes events from a bounded queue
 * and calls the listener with one at a time; producers (clients' threads, the ring) only offer to the queue and
 * never wait. The plugins' watchdog thread interrupts a call that passes the deadline.
 */
final class EventDispatcher {

    private final String plugin;
    private final BrokerEventListener listener;
    private final BlockingQueue<BrokerEvent> queue;
    private final int mask;
    private final long deadlineNanos;
    private final PluginCalls calls;
    private final Thread thread;
    /** When the current call started (System.nanoTime), 0 between calls. */
    private volatile long busySince;
    /** The call already interrupted by the watchdog, so it is counted once. */
    private volatile long interruptedCall;
    private volatile boolean closed;

    EventDispatcher(String plugin, BrokerEventListener listener, ClassLoader loader, int capacity, int mask,
                    Duration deadline, PluginCalls calls) {
        this.plugin = plugin;
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.mask = mask;
        this.deadlineNanos = deadline.toNanos();
        this.calls = calls;
        this.thread = Thread.ofVirtual().name("weft-events-" + plugin).unstarted(this::run);
        this.thread.setContextClassLoader(loader);
    }

    void start() {
        thread.start();
    }

    boolean wants(EventKind kind) {
        return (mask & kind.bit()) != 0;
    }

    int mask() {
        return mask;
    }

    /** Queues {@code event} unless the queue is full (then it is counted as dropped). Never blocks. */
    void offer(BrokerEvent event) {
        if (!closed && !queue.offer(event)) {
            calls.telemetry().eventDropped(plugin);
        }
    }

    private void run() {
        while (!closed) {
            BrokerEvent event;
            try {
                event = queue.take();
            } catch (InterruptedException stop) {
                continue; // closed, or a late watchdog interrupt between calls
            }
            long started = System.nanoTime();
            busySince = started;
            try {
                listener.onEvent(event);
            } catch (Throwable failure) { // a listener must never end its own delivery thread
                calls.telemetry().failed(plugin, "event", FailureKind.EXCEPTION);
                calls.logFailure(plugin, "event", "failed on " + event.getClass().getSimpleName(), failure);
            } finally {
                busySince = 0;
                calls.telemetry().called(plugin, "event", System.nanoTime() - started);
                Thread.interrupted(); // a watchdog interrupt that the listener did not consume
            }
        }
    }

    /** Called by the watchdog: interrupts a call that has run past the deadline, once. */
    void enforceDeadline(long now) {
        long since = busySince;
        if (since != 0 && now - since > deadlineNanos && interruptedCall != since) {
            interruptedCall = since;
            calls.telemetry().failed(plugin, "event", FailureKind.TIMEOUT);
            calls.logFailure(plugin, "event", "did not return within " + deadlineNanos / 1_000_000
                    + " ms (plugins.call-timeout); interrupted", null);
            thread.interrupt();
        }
    }

    /** Stops delivery; events still queued are not delivered. Waits briefly for the thread to end. */
    void close(Duration wait) {
        closed = true;
        thread.interrupt();
        try {
            thread.join(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Events waiting (for tests and metrics). */
    int queued() {
        return queue.size();
    }
}
