package io.weft.distribution;

import java.util.concurrent.CountDownLatch;

/**
 * Graceful shutdown on SIGTERM and SIGINT; SIGHUP reloads plugins. Thread: installed by the main thread; the shutdown hook runs on
 * the JVM's "weft-shutdown" hook thread and the signal handlers on the JVM's signal dispatcher threads.
 *
 * <p>The JVM's own handlers for these signals exit with status 143 or 130. Ours call {@code System.exit(0)}
 * instead, which runs the shutdown hooks as usual; the hook closes the broker (DISCONNECT to MQTT 5
 * clients, flush, close). A plain {@code System.exit} elsewhere also closes the broker through the hook.
 */
final class Shutdown {

    private static final System.Logger LOG = System.getLogger(Shutdown.class.getName());
    private static final CountDownLatch CLOSED = new CountDownLatch(1);

    private Shutdown() {
    }

    static void install(Main.RunningBroker broker) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.ERROR, "graceful shutdown failed", failure);
            } finally {
                CLOSED.countDown();
            }
        }, "weft-shutdown"));
        exitNormallyOn("TERM", broker);
        exitNormallyOn("INT", broker);
        reloadOn("HUP", broker);
    }

    /** SIGHUP reads the configuration file again and applies its plugin changes, as mosquitto and nginx do. */
    private static void reloadOn(String signal, Main.RunningBroker broker) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), received -> {
                LOG.log(System.Logger.Level.INFO, "SIG" + signal + " received: reloading the configuration's plugins");
                broker.reload();
            });
        } catch (IllegalArgumentException unavailable) {
            LOG.log(System.Logger.Level.DEBUG, "no handler for SIG" + signal + ": " + unavailable.getMessage());
        }
    }

    /** Blocks the main thread until the shutdown hook has closed the broker (the JVM then exits). */
    static void awaitExit() {
        boolean interrupted = false;
        while (CLOSED.getCount() > 0) {
            try {
                CLOSED.await();
            } catch (InterruptedException ignored) {
                interrupted = true; // nothing else may stop the main thread: keep waiting for the hook
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The broker is closed on the signal thread before {@code System.exit}: once the JVM runs its shutdown
     * hooks, java.util.logging may already have reset its handlers and the shutdown would go unlogged.
     */
    private static void exitNormallyOn(String signal, Main.RunningBroker broker) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), received -> {
                LOG.log(System.Logger.Level.INFO, "SIG" + signal + " received: shutting down gracefully");
                try {
                    broker.close();
                } catch (RuntimeException failure) {
                    LOG.log(System.Logger.Level.ERROR, "graceful shutdown failed", failure);
                }
                System.exit(0);
            });
        } catch (IllegalArgumentException unavailable) {
            // e.g. -Xrs, or SIGINT ignored by a parent shell for a background job: keep the JVM's handler
            LOG.log(System.Logger.Level.DEBUG, "keeping the JVM's handler for SIG" + signal + ": "
                    + unavailable.getMessage());
        }
    }
}
