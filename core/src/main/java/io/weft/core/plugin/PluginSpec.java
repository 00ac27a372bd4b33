package io.weft.core.plugin;

import io.weft.spi.PluginConfig;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One configured plugin instance ({@code plugins.instances.NAME}): its name, the provider type, whether it is
 * enabled, and its own configuration section (without {@code type} and {@code enabled}).
 */
public record PluginSpec(String name, String type, boolean enabled, PluginConfig config) {

    /** The key under which instances are configured. */
    public static final String INSTANCES_KEY = "plugins.instances";

    public PluginSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(config, "config");
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("a plugin instance name is letters, digits, '-' and '_', starting "
                    + "with a letter or digit, at most 64 characters: " + name);
        }
    }

    /** An enabled instance whose relative paths resolve against the working directory (for tests and embedding). */
    public static PluginSpec of(String name, String type, Map<String, ?> config) {
        return new PluginSpec(name, type, true, PluginConfig.of(INSTANCES_KEY + "." + name, config,
                Path.of("").toAbsolutePath()));
    }

    public PluginSpec withEnabled(boolean newEnabled) {
        return new PluginSpec(name, type, newEnabled, config);
    }

    /** The full configuration key of this instance's section, for messages. */
    public String key() {
        return INSTANCES_KEY + "." + name;
    }
}
