package io.weft.core.plugin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe (any thread): logs plugin failures at most once per ten seconds per plugin and operation, with the
 * number left out since, so a plugin that fails on every CONNECT or PUBLISH does not flood the log.
 */
final class FailureLog {

    private static final System.Logger LOG = System.getLogger("io.weft.core.plugin.Plugins");
    private static final long INTERVAL_NANOS = 10_000_000_000L;

    private record Window(AtomicLong openedAt, AtomicLong suppressed) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    void log(String plugin, String operation, String what, Throwable cause) {
        Window window = windows.computeIfAbsent(plugin + "/" + operation,
                key -> new Window(new AtomicLong(System.nanoTime() - INTERVAL_NANOS - 1), new AtomicLong()));
        long now = System.nanoTime();
        long opened = window.openedAt().get();
        if (now - opened <= INTERVAL_NANOS || !window.openedAt().compareAndSet(opened, now)) {
            window.suppressed().incrementAndGet();
            return;
        }
        long suppressed = window.suppressed().getAndSet(0);
        String message = "plugin " + plugin + ": " + operation + " " + what
                + (suppressed > 0 ? " (" + suppressed + " more such failures in the last 10 s not logged)" : "");
        LOG.log(System.Logger.Level.WARNING, message, cause);
    }
}
