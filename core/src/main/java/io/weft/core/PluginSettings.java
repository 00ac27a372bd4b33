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
 */
public record PluginSettings(Path directory, Duration callTimeout, Duration startTimeout, int eventQueue,
                             AnonymousAccess anonymous) {

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
        if (eventQueue < 1) {
            throw new IllegalArgumentException("plugin event queue must be at least 1: " + eventQueue);
        }
    }

    /** {@code plugins} under the working directory, 5 s per call, 30 s to start, 10,000 queued events. */
    public static PluginSettings defaults() {
        return new PluginSettings(Path.of("plugins"), Duration.ofSeconds(5), Duration.ofSeconds(30), 10_000,
                AnonymousAccess.LOOPBACK);
    }

    public PluginSettings withCallTimeout(Duration timeout) {
        return new PluginSettings(directory, timeout, startTimeout, eventQueue, anonymous);
    }

    public PluginSettings withAnonymous(AnonymousAccess access) {
        return new PluginSettings(directory, callTimeout, startTimeout, eventQueue, access);
    }

    public PluginSettings withDirectory(Path newDirectory) {
        return new PluginSettings(newDirectory, callTimeout, startTimeout, eventQueue, anonymous);
    }
}
