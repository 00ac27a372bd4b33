package io.weft.distribution.config;

import io.weft.core.BrokerSettings;
import io.weft.core.plugin.PluginSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loaded settings, where each one came from (so later checks, such as creating the data directory, can name
 * the source in their messages), the plugin instances and the file they were read from.
 *
 * @param settings the validated settings
 * @param origins  key name to origin, for every key not left at its default
 * @param plugins  the plugin instances of {@code plugins.instances}, in configuration order
 * @param file     the configuration file, when one was given
 */
public record Configuration(BrokerSettings settings, Map<String, Origin> origins, List<PluginSpec> plugins,
                            Optional<Path> file) {

    public Configuration {
        origins = Map.copyOf(origins);
        plugins = List.copyOf(plugins);
    }

    /** Settings without plugins or a file (tests). */
    public Configuration(BrokerSettings settings, Map<String, Origin> origins) {
        this(settings, origins, List.of(), Optional.empty());
    }

    /** Where {@code key} was set, or {@link Origin#DEFAULT}. */
    public Origin origin(String key) {
        return origins.getOrDefault(key, Origin.DEFAULT);
    }
}
