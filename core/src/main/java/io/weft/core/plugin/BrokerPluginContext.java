package io.weft.core.plugin;

import io.weft.spi.PluginConfig;
import io.weft.spi.PluginContext;
import io.weft.spi.PluginMetrics;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** What the broker gives one plugin instance; immutable, any thread. */
record BrokerPluginContext(String name, PluginConfig config, Path dataDirectory, System.Logger logger,
                           PluginMetrics metrics, Clock clock, Duration callTimeout) implements PluginContext {
}
