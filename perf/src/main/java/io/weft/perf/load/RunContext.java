package io.weft.perf.load;

import java.io.IOException;
import java.net.Socket;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shared by every thread of one run: the hard deadline, the first failure, and every socket (so that the
 * watchdog can close them all and wake every blocked read when the deadline passes). Created and closed by
 * the thread that runs the scenario.
 */
final class RunContext implements AutoCloseable {

    static final int EXIT_MISSING_OR_DUPLICATED = 1;
    static final int EXIT_REFUSED = 3;
    static final int EXIT_TIMEOUT = 4;

    private final Options options;
    private final long deadline;
    private final Queue<Socket> sockets = new ConcurrentLinkedQueue<>();
    private final AtomicReference<RunFailure> failure = new AtomicReference<>();
    private final CountDownLatch aborted = new CountDownLatch(1);
    private final Thread watchdog;
    private volatile boolean stopping;

    RunContext(Options options) {
        this.options = options;
        this.deadline = System.nanoTime() + options.timeout().toNanos();
        this.watchdog = Thread.ofPlatform().name("weft-bench-watchdog").daemon().start(this::watch);
    }

    Options options() {
        return options;
    }

    /** Registers a socket to be closed when the deadline passes or the run ends. */
    Socket track(Socket socket) {
        sockets.add(socket);
        if (aborted.getCount() == 0) {
            closeAll();
        }
        return socket;
    }

    /** Records the first failure, stops the run and wakes every blocked read. */
    void fail(RunFailure cause) {
        if (failure.compareAndSet(null, cause)) {
            stopping = true;
            aborted.countDown();
            closeAll();
        }
    }

    /** A connection thread ended with an I/O error: a failure unless the run was already being stopped. */
    void connectionFailed(String connection, IOException cause) {
        if (!stopping) {
            fail(new RunFailure(EXIT_REFUSED, connection + ": " + cause.getMessage()));
        }
    }

    /** Publishers stop sending; readers that are woken by closing sockets do not count it as a failure. */
    void stop() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /** The first failure, or null. */
    RunFailure failure() {
        return failure.get();
    }

    /** Throws the failure if there was one. */
    void check() throws RunFailure {
        RunFailure cause = failure.get();
        if (cause != null) {
            throw cause;
        }
    }

    /** Waits until {@code nanoTime} or until the run fails, whichever comes first. */
    void waitUntil(long nanoTime) throws RunFailure {
        long wait = nanoTime - System.nanoTime();
        try {
            if (wait > 0) {
                aborted.await(wait, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            fail(new RunFailure(EXIT_TIMEOUT, "interrupted"));
        }
        check();
    }

    /** Waits for a connection thread to end; a thread still running at the deadline is a timeout. */
    void join(Thread thread) throws RunFailure {
        try {
            long wait = deadline - System.nanoTime();
            if (wait <= 0 || !thread.join(java.time.Duration.ofNanos(wait))) {
                fail(timeout());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            fail(new RunFailure(EXIT_TIMEOUT, "interrupted"));
        }
        check();
    }

    long deadline() {
        return deadline;
    }

    @Override
    public void close() {
        stopping = true;
        aborted.countDown();
        watchdog.interrupt();
        closeAll();
    }

    private RunFailure timeout() {
        return new RunFailure(EXIT_TIMEOUT, "timeout: the run did not finish within " + options.timeout().toSeconds()
                + "s (--timeout)");
    }

    private void watch() {
        try {
            if (!aborted.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                fail(timeout());
            }
        } catch (InterruptedException closed) {
            // the run ended before its deadline: nothing left to watch
        }
    }

    private void closeAll() {
        for (Socket socket; (socket = sockets.poll()) != null; ) {
            try {
                socket.close();
            } catch (IOException alreadyBroken) {
                // closing is all that is left to do with it
            }
        }
    }
}
