package io.weft.distribution.config;

import io.weft.core.BrokerSettings;

import io.weft.core.plugin.PluginSpec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects parsed values, later assignments overriding earlier ones, and builds {@link BrokerSettings}
 * through its canonical constructor: each record component takes the value of the key that names it, or
 * that key's default. Owned by the thread loading the configuration.
 */
final class SettingsAssembler {

    private final Map<ConfigKey<?>, Object> values = new HashMap<>();
    private final Map<String, Origin> origins = new HashMap<>();

    /** Parses and records one value; the message of a bad one names the key and its origin. */
    void apply(Assignment assignment) throws ConfigException {
        ConfigKey<?> key = assignment.key();
        try {
            values.put(key, key.type().parse(assignment.text()));
        } catch (IllegalArgumentException rejected) {
            throw ConfigException.at(assignment.origin(), "bad value for '" + key.name() + "': expected "
                    + rejected.getMessage() + ", got '" + assignment.text() + "'");
        }
        origins.put(key.name(), assignment.origin());
    }

    Configuration build(List<PluginSpec> plugins, Optional<Path> file) throws ConfigException {
        try {
            return new Configuration(assemble(BrokerSettings.class, ""), origins, plugins, file);
        } catch (InvocationTargetException invalid) {
            // Each key checks its own range; this is for rules that involve several keys.
            if (invalid.getCause() instanceof IllegalArgumentException rule) {
                throw new ConfigException("invalid configuration: " + rule.getMessage());
            }
            throw new IllegalStateException("BrokerSettings rejected the configuration", invalid.getCause());
        } catch (ReflectiveOperationException unexpected) {
            throw new IllegalStateException("cannot build BrokerSettings", unexpected);
        }
    }

    /**
     * One settings record through its canonical constructor: a component takes its key's value or default; a
     * component without a key that is itself a record (such as {@code limits}) is assembled the same way.
     */
    private <T> T assemble(Class<T> type, String prefix) throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] arguments = new Object[components.length];
        for (int index = 0; index < components.length; index++) {
            RecordComponent component = components[index];
            String path = prefix + component.getName();
            types[index] = component.getType();
            ConfigKey<?> key = keyFor(path);
            if (key != null) {
                arguments[index] = values.containsKey(key) ? values.get(key) : key.defaultValue();
            } else if (component.getType().isRecord()) {
                arguments[index] = assemble(component.getType(), path + ".");
            } else {
                throw new IllegalStateException("BrokerSettings." + path
                        + " has no configuration key: add one line to ConfigKeys");
            }
        }
        return type.getDeclaredConstructor(types).newInstance(arguments);
    }

    private static ConfigKey<?> keyFor(String path) {
        return ConfigKeys.all().stream().filter(key -> key.component().equals(path)).findFirst().orElse(null);
    }
}
