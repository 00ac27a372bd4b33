package io.weft.plugins.authscram;

import io.weft.spi.PluginMetrics;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Polled on its own virtual thread, read by clients' threads: keeps the credentials file's latest good reading.
 * {@link #current()} is read by clients' virtual threads (a volatile reference to an immutable {@link
 * Credentials}); the file is polled on a virtual thread of its own, started by {@link #start} and stopped by
 * {@link #close()}. A change is seen by modification time, size and file key (an atomic replace, as scram-passwd
 * does, makes a new file key even within the same second).
 */
final class CredentialsWatcher implements AutoCloseable {

    /** The state of the file last read: its identity, size and time, or null when missing. */
    private record Version(Object fileKey, long size, FileTime modified) {
    }

    private final Path file;
    private final Duration interval;
    private final System.Logger logger;
    private final PluginMetrics.Counter reloads;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private volatile Credentials current;
    private Version version;
    private Thread poller;

    private CredentialsWatcher(Path file, Duration interval, System.Logger logger, PluginMetrics.Counter reloads) {
        this.file = file;
        this.interval = interval;
        this.logger = logger;
        this.reloads = reloads;
    }

    /**
     * Reads the file and starts polling it every {@code interval} on a virtual thread named {@code threadName}.
     *
     * @throws IOException when the file cannot be read now: the plugin cannot start without it
     */
    static CredentialsWatcher start(Path file, Duration interval, System.Logger logger, PluginMetrics.Counter reloads,
                                    String threadName) throws IOException {
        CredentialsWatcher watcher = new CredentialsWatcher(file, interval, logger, reloads);
        watcher.version = versionOf(file);
        watcher.current = watcher.load();
        watcher.poller = Thread.ofVirtual().name(threadName).start(watcher::poll);
        return watcher;
    }

    Credentials current() {
        return current;
    }

    private void poll() {
        try {
            while (!stopped.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
                reloadIfChanged();
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the file again if it changed; on failure the previous reading stays in force. */
    private void reloadIfChanged() {
        Version seen;
        try {
            seen = versionOf(file);
        } catch (IOException unreadable) {
            seen = null;
        }
        if (Objects.equals(seen, version)) {
            return;
        }
        version = seen;
        if (seen == null) {
            reloads.increment("failed");
            logger.log(Level.WARNING, "{0} is gone; keeping the {1} users read before", file, current.users());
            return;
        }
        try {
            current = load();
        } catch (IOException unreadable) {
            reloads.increment("failed");
            logger.log(Level.WARNING, "cannot read {0} ({1}); keeping the {2} users read before", file,
                    unreadable.toString(), current.users());
        }
    }

    private Credentials load() throws IOException {
        Credentials read = Credentials.read(file);
        for (Credentials.Problem problem : read.problems()) {
            logger.log(Level.WARNING, "{0}:{1}: {2}; line skipped", file, Integer.toString(problem.line()),
                    problem.reason());
        }
        if (!read.weakUsers().isEmpty()) {
            logger.log(Level.WARNING, "{0}: verifiers below RFC 7677''s minimum of {1} iterations: {2}", file,
                    Integer.toString(ScramCredential.RFC_MINIMUM_ITERATIONS), read.weakUsers());
        }
        logger.log(Level.INFO, "{0}: {1} users", file, read.users());
        reloads.increment("loaded");
        return read;
    }

    private static Version versionOf(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Version(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
        } catch (NoSuchFileException missing) {
            return null;
        }
    }

    boolean polling() {
        return poller.isAlive();
    }

    /** Stops the polling thread and waits for it, so that no read of the file outlives the plugin. */
    @Override
    public void close() {
        stopped.countDown();
        if (poller != null) {
            try {
                poller.join(Duration.ofSeconds(5));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
