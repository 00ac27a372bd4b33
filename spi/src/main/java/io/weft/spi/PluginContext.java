package io.weft.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * What the broker gives one plugin instance when it is made. Implemented by the broker, and by the plugin
 * testkit for unit tests. Its methods may be called from any thread.
 *
 * @since 1.0
 */
public interface PluginContext {

    /** The instance's name in the configuration (the key of its section under {@code plugins.instances}). */
    String name();

    /** The instance's configuration section, without the broker's own keys ({@code type}, {@code enabled}). */
    PluginConfig config();

    /** A directory of the instance's own, {@code data-dir/plugins/NAME}; it exists when the plugin is made. */
    Path dataDirectory();

    /** A logger named {@code weft.plugin.NAME}; the broker's log configuration applies to it. */
    System.Logger logger();

    /** Metrics of this instance, served by the broker's Prometheus endpoint. */
    PluginMetrics metrics();

    /** The clock to read for expiry and caching, so that tests can move time. */
    Clock clock();

    /**
     * The deadline the broker puts on each call that may block ({@code plugins.call-timeout}): a plugin that
     * reaches a service should give up a little sooner, to answer with a decision of its own.
     */
    Duration callTimeout();
}
