package io.weft.plugins.authfile;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

/**
 * Runs the plugin's reload thread, a virtual thread it owns, which polls the watched files every interval until
 * {@link #close()} (called on the thread that closes plugins). Polling two file attributes every few seconds costs next to nothing and, unlike a
 * WatchService, sees a file replaced through a symbolic link (a Kubernetes ConfigMap) or on a network file system.
 */
final class FilePoller implements AutoCloseable {

    private final List<WatchedFile<?>> files;
    private final Duration interval;
    private final System.Logger logger;
    private final Thread thread;
    private volatile boolean closed;

    FilePoller(String name, List<WatchedFile<?>> files, Duration interval, System.Logger logger) {
        this.files = List.copyOf(files);
        this.interval = interval;
        this.logger = logger;
        this.thread = Thread.ofVirtual().name("weft-auth-file-" + name + "-reload").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException stop) {
                return;
            }
            for (WatchedFile<?> file : files) {
                try {
                    file.poll();
                } catch (RuntimeException unexpected) {
                    logger.log(Level.ERROR, "reloading " + file.path() + " failed", unexpected);
                }
            }
        }
    }

    boolean running() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
