package io.weft.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One plugin instance's configuration section: an immutable tree of text values, lists and nested sections, as
 * the YAML file gives them. The typed getters throw a {@link PluginConfigException} whose message names the full
 * key, so that a wrong value stops the broker with a message an operator can act on. Thread-safe.
 *
 * @since 1.0
 */
public final class PluginConfig {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final String prefix;
    private final Map<String, Object> values;
    private final Path baseDirectory;

    private PluginConfig(String prefix, Map<String, Object> values, Path baseDirectory) {
        this.prefix = prefix;
        this.values = values;
        this.baseDirectory = baseDirectory;
    }

    /**
     * A section. Values are strings (numbers and booleans as written), lists, or maps of the same; anything
     * else is kept as its {@code toString()}.
     *
     * @param prefix        the section's full key, used in messages ({@code plugins.instances.users})
     * @param values        the section's entries, in file order
     * @param baseDirectory what relative paths are resolved against: the configuration file's directory
     */
    public static PluginConfig of(String prefix, Map<String, ?> values, Path baseDirectory) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        return new PluginConfig(prefix, copy(values), baseDirectory);
    }

    /** An empty section. */
    public static PluginConfig empty(String prefix) {
        return new PluginConfig(prefix, Map.of(), Path.of(""));
    }

    private static Map<String, Object> copy(Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> copy.put(String.valueOf(key), normalise(value)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object normalise(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> section = new LinkedHashMap<>();
            map.forEach((key, item) -> section.put(String.valueOf(key), normalise(item)));
            return Collections.unmodifiableMap(section);
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            list.forEach(item -> items.add(normalise(item)));
            return Collections.unmodifiableList(items);
        }
        return value == null ? null : value.toString();
    }

    /** The section's full key, as messages show it. */
    public String prefix() {
        return prefix;
    }

    /** The keys set in this section, in file order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    /** The full key of {@code key} in this section, for messages. */
    public String fullKey(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    /** An exception naming {@code key}, for checks of a plugin's own. */
    public PluginConfigException invalid(String key, String problem) {
        return new PluginConfigException(fullKey(key), problem);
    }

    /**
     * Refuses any key not in {@code known}, naming the first unknown one: a misspelt key is an error, not a
     * silently ignored setting.
     */
    public void allowOnly(String... known) throws PluginConfigException {
        Set<String> allowed = Set.of(known);
        for (String key : values.keySet()) {
            if (!allowed.contains(key)) {
                throw invalid(key, "unknown key; known keys are " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    /** A required text value. */
    public String string(String key) throws PluginConfigException {
        return optionalString(key).orElseThrow(() -> invalid(key, "required"));
    }

    public String string(String key, String fallback) throws PluginConfigException {
        return optionalString(key).orElse(fallback);
    }

    public Optional<String> optionalString(String key) throws PluginConfigException {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw invalid(key, "expected a single value, got " + describe(value));
        }
        return Optional.of(text);
    }

    /** An integer in {@code minimum..maximum}, or {@code fallback} when the key is absent. */
    public int integer(String key, int fallback, int minimum, int maximum) throws PluginConfigException {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get().trim());
            if (value < minimum || value > maximum) {
                throw invalid(key, "expected an integer from " + minimum + " to " + maximum + ", got " + value);
            }
            return value;
        } catch (NumberFormatException notNumber) {
            throw invalid(key, "expected an integer, got '" + text.get() + "'");
        }
    }

    /** {@code true} or {@code false}, or {@code fallback} when the key is absent. */
    public boolean bool(String key, boolean fallback) throws PluginConfigException {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "expected true or false, got '" + text.get() + "'");
        };
    }

    /** A positive duration such as {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or {@code 1d}. */
    public Duration duration(String key, Duration fallback) throws PluginConfigException {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(text.get().trim());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw invalid(key, "expected a positive duration like 500ms, 10s, 2m, 1h or 1d, got '" + text.get() + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** A required path, resolved against the configuration file's directory when relative. */
    public Path path(String key) throws PluginConfigException {
        return optionalPath(key).orElseThrow(() -> invalid(key, "required"));
    }

    public Optional<Path> optionalPath(String key) throws PluginConfigException {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(baseDirectory.resolve(text.get()).normalize());
        } catch (RuntimeException invalidPath) {
            throw invalid(key, "not a valid path: '" + text.get() + "'");
        }
    }

    /** A list of text values: a YAML list, or one value with items separated by commas; empty when absent. */
    public List<String> list(String key) throws PluginConfigException {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return text.isBlank() ? List.of() : List.of(text.trim().split("\\s*,\\s*"));
        }
        if (value instanceof List<?> items) {
            List<String> texts = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof String text)) {
                    throw invalid(key, "expected a list of values, found " + describe(item) + " in it");
                }
                texts.add(text);
            }
            return List.copyOf(texts);
        }
        throw invalid(key, "expected a list, got " + describe(value));
    }

    /** A nested section; empty when absent. */
    public PluginConfig section(String key) throws PluginConfigException {
        Object value = values.get(key);
        if (value == null) {
            return new PluginConfig(fullKey(key), Map.of(), baseDirectory);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(key, "expected a section (a mapping of keys), got " + describe(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> section = (Map<String, Object>) map;
        return new PluginConfig(fullKey(key), section, baseDirectory);
    }

    /** The section as plain Java values: strings, lists and maps (for plugins that hand it to a library). */
    public Map<String, Object> asMap() {
        return values;
    }

    private static String describe(Object value) {
        return switch (value) {
            case Map<?, ?> map -> "a section";
            case List<?> list -> "a list";
            default -> "'" + value + "'";
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PluginConfig config && config.prefix.equals(prefix) && config.values.equals(values)
                && config.baseDirectory.equals(baseDirectory);
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefix, values, baseDirectory);
    }

    @Override
    public String toString() {
        return prefix + values;
    }
}
