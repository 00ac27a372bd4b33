package io.weft.distribution.config;

import io.weft.core.BrokerSettings;

import java.util.Map;

/**
 * The loaded settings and where each one came from, so later checks (such as creating the data directory)
 * can name the source in their messages.
 *
 * @param settings the validated settings
 * @param origins  key name to origin, for every key not left at its default
 */
public record Configuration(BrokerSettings settings, Map<String, Origin> origins) {

    public Configuration {
        origins = Map.copyOf(origins);
    }

    /** Where {@code key} was set, or {@link Origin#DEFAULT}. */
    public Origin origin(String key) {
        return origins.getOrDefault(key, Origin.DEFAULT);
    }
}
