package io.weft.plugins.authjwt;

import java.util.Optional;

/**
 * A well-formed MQTT topic filter, split into levels once, that answers whether it matches a topic name and whether
 * it covers another filter (every topic the other matches, it matches too). Immutable.
 */
final class TopicFilter {

    private final String text;
    private final String[] levels;

    private TopicFilter(String text) {
        this.text = text;
        this.levels = levels(text);
    }

    /**
     * The filter, or empty when {@code text} is not a well-formed topic filter: empty, {@code #} other than as a
     * whole last level or {@code +} other than as a whole level [MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.1-3], or
     * a NUL character [MQTT-4.7.3-2].
     */
    static Optional<TopicFilter> parse(String text) {
        if (text.isEmpty() || text.indexOf('\u0000') >= 0) {
            return Optional.empty();
        }
        String[] levels = levels(text);
        for (int index = 0; index < levels.length; index++) {
            String level = levels[index];
            if (level.contains("#") && (!level.equals("#") || index != levels.length - 1)) {
                return Optional.empty();
            }
            if (level.contains("+") && !level.equals("+")) {
                return Optional.empty();
            }
        }
        return Optional.of(new TopicFilter(text));
    }

    /** The levels between slashes, empty levels kept ({@code a//b} has three). */
    static String[] levels(String text) {
        return text.split("/", -1);
    }

    /**
     * Whether this filter matches the topic name split into {@code topic} levels. A filter that starts with a
     * wildcard does not match a topic that starts with {@code $} [MQTT-4.7.2-1].
     */
    boolean matches(String[] topic) {
        if (topic[0].startsWith("$") && isWildcard(levels[0])) {
            return false;
        }
        for (int index = 0; index < levels.length; index++) {
            String level = levels[index];
            if (level.equals("#")) {
                return true; // the parent level too: "a/#" matches "a" [MQTT-4.7.1-2]
            }
            if (index >= topic.length || !(level.equals("+") || level.equals(topic[index]))) {
                return false;
            }
        }
        return levels.length == topic.length;
    }

    /**
     * Whether this filter covers the filter split into {@code requested} levels: every topic name that one matches,
     * this one matches. So {@code a/#} covers {@code a/+/b} and {@code a}, {@code a/+} covers {@code a/b} but not
     * {@code a/#}, {@code +/#} covers {@code #}, and {@code #} does not cover {@code $SYS/#} [MQTT-4.7.2-1].
     */
    boolean covers(String[] requested) {
        if (requested[0].startsWith("$") && isWildcard(levels[0])) {
            return false; // every requested topic starts with '$', which a leading wildcard never matches
        }
        for (int index = 0; index < levels.length; index++) {
            String level = levels[index];
            if (level.equals("#")) {
                return true; // whatever follows, nothing included
            }
            if (index >= requested.length) {
                return false; // requested matches a topic that ends here; this filter needs another level
            }
            String asked = requested[index];
            if (asked.equals("#")) {
                // any number of further levels, which only '#' covers; and "+/#" covers "#", since every topic
                // has at least one level and neither matches those starting with '$'
                return index == 0 && levels.length == 2 && levels[0].equals("+") && levels[1].equals("#");
            }
            if (!(level.equals("+") || (!asked.equals("+") && level.equals(asked)))) {
                return false;
            }
        }
        return levels.length == requested.length;
    }

    private static boolean isWildcard(String level) {
        return level.equals("+") || level.equals("#");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicFilter filter && filter.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
