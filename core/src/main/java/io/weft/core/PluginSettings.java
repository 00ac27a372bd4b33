package io.weft.core;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How plugins are found and called (keys under {@code plugins.} and {@code auth.}). The plugin instances
 * themselves ({@code plugins.instances}) are free-form sections, read by the distribution's configuration loader.
 *
 * @param directory    where jars (or folders of jars) with more plugins are found; each gets its own class
 *                     loader ({@code plugins.directory})
 * @param callTimeout  the deadline of each plugin call that may block ({@code plugins.call-timeout})
 * @param startTimeout the deadline of making or closing a plugin instance ({@code plugins.start-timeout})
 * @param eventQueue   events waiting for one event listener before newer ones are dropped
 *                     ({@code plugins.event-queue})
 * @param anonymous    the anonymous-access rule ({@code auth.anonymous})
 * @param reloadInterval how often the distribution reads the configuration file again for plugin changes
 *                     ({@code plugins.reload-interval})
 */
public record PluginSettings(Path directory, Duration callTimeout, Duration startTimeout, int eventQueue,
                             AnonymousAccess anonymous, Duration reloadInterval) {

    public PluginSettings {
        if (directory == null || anonymous == null) {
            throw new IllegalArgumentException("plugin directory and anonymous access are required");
        }
        if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("plugin call timeout must be positive");
        }
        if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("plugin start timeout must be positive");
        }
        if (reloadInterval == null || reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("plugin reload interval must be positive");
        }
        if (eventQueue < 1) {
            throw new IllegalArgumentException("plugin event queue must be at least 1: " + eventQueue);
        }
    }

    /**
     * {@code plugins} under the working directory, 5 s per call, 30 s to start, 10,000 queued events, anonymous
     * clients on loopback listeners, the configuration file read again every 5 s.
     */
    public static PluginSettings defaults() {
        return new PluginSettings(Path.of("plugins"), Duration.ofSeconds(5), Duration.ofSeconds(30), 10_000,
                AnonymousAccess.LOOPBACK, Duration.ofSeconds(5));
    }

    public PluginSettings withCallTimeout(Duration timeout) {
        return new PluginSettings(directory, timeout, startTimeout, eventQueue, anonymous, reloadInterval);
    }

    public PluginSettings withAnonymous(AnonymousAccess access) {
        return new PluginSettings(directory, callTimeout, startTimeout, eventQueue, access, reloadInterval);
    }

    public PluginSettings withDirectory(Path newDirectory) {
        return new PluginSettings(newDirectory, callTimeout, startTimeout, eventQueue, anonymous, reloadInterval);
    }
}
