package io.weft.distribution.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@code WEFT_*} environment variables into assignments. Only variables naming a known key are read;
 * any other {@code WEFT_} variable is an error, so a typo never goes unnoticed.
 */
final class EnvironmentSettings {

    static final String PREFIX = "WEFT_";

    /** Read by bin/weft and find-jdk.sh, not by the broker. */
    static final Set<String> LAUNCHER_VARIABLES = Set.of("WEFT_JAVA_OPTS", "WEFT_HOME", "WEFT_NEED_JAVAC");

    private EnvironmentSettings() {
    }

    static List<Assignment> read(Map<String, String> environment) throws ConfigException {
        List<Assignment> assignments = new ArrayList<>();
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(PREFIX) || LAUNCHER_VARIABLES.contains(name)) {
                continue;
            }
            ConfigKey<?> key = ConfigKeys.byEnvironmentVariable(name).orElseThrow(() -> unknown(name));
            assignments.add(new Assignment(key, variable.getValue(), Origin.environment(name)));
        }
        return assignments;
    }

    private static ConfigException unknown(String name) {
        String suggestion = ConfigKeys.closest(name, ConfigKeys.names(ConfigKey::environmentVariable))
                .map(candidate -> " (did you mean " + candidate + "?)")
                .orElse("");
        return ConfigException.at(Origin.environment(name), "no configuration key has this variable" + suggestion);
    }
}
