package io.weft.distribution;

import io.weft.core.BrokerSettings;
import io.weft.core.plugin.Plugins;
import io.weft.distribution.config.ConfigException;
import io.weft.distribution.config.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Owned by its own virtual thread ({@code weft-config-reload}). Applies changes of the configuration file's {@code
 * plugins.instances} while the broker runs: enabling, disabling, adding, removing or reconfiguring plugin
 * instances needs no restart. Owned by its own virtual thread ({@code weft-config-reload}), which reads the file
 * every {@code plugins.reload-interval} and when asked (SIGHUP); the whole configuration is loaded again exactly
 * as at start-up, and a file with a mistake changes nothing. Other settings are not applied to the running broker:
 * a change to them is logged as needing a restart.
 */
final class PluginReloader implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PluginReloader.class.getName());

    /** Loads the configuration again from the same file, environment and command line. */
    @FunctionalInterface
    interface Source {
        Configuration load() throws ConfigException;
    }

    private final Path file;
    private final Duration interval;
    private final Source source;
    private final Plugins plugins;
    private final BrokerSettings running;
    private final Semaphore requests = new Semaphore(0);
    private final Thread thread;
    private byte[] lastContent;
    private volatile boolean closed;

    PluginReloader(Path file, Duration interval, Source source, Plugins plugins, BrokerSettings running) {
        this.file = file;
        this.interval = interval;
        this.source = source;
        this.plugins = plugins;
        this.running = running;
        this.lastContent = read();
        this.thread = Thread.ofVirtual().name("weft-config-reload").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Reloads now, whether the file changed or not (SIGHUP). */
    void requestReload() {
        requests.release();
    }

    private void run() {
        while (!closed) {
            boolean asked;
            try {
                asked = requests.tryAcquire(interval.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException stop) {
                return;
            }
            if (closed) {
                return;
            }
            byte[] content = read();
            if (asked || !Arrays.equals(content, lastContent)) {
                lastContent = content;
                reload(asked ? "reload requested" : file + " changed");
            }
        }
    }

    private void reload(String why) {
        Configuration configuration;
        try {
            configuration = source.load();
        } catch (ConfigException mistake) {
            LOG.log(System.Logger.Level.WARNING, "{0}; configuration not reloaded: {1}", why, mistake.getMessage());
            return;
        }
        if (!configuration.settings().equals(running)) {
            LOG.log(System.Logger.Level.WARNING, "{0}: settings other than plugins.instances changed; they take "
                    + "effect after a restart", why);
        }
        Plugins.Changes changes = plugins.apply(configuration.plugins());
        changes.failures().forEach(failure -> LOG.log(System.Logger.Level.WARNING,
                "{0}: plugin not changed: {1}", why, failure));
        LOG.log(System.Logger.Level.INFO, "{0}: plugins reloaded (started {1}, stopped {2})", why, changes.started(),
                changes.stopped());
    }

    /** The file's bytes; null when it cannot be read now (a save in progress), which counts as a change later. */
    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException unreadable) {
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
