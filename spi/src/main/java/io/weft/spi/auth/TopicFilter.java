package io.weft.spi.auth;

/**
 * A valid MQTT topic filter, with the questions an {@link AccessPolicy} asks of it: does it match a topic name,
 * does it cover another filter (match every topic that one matches), does it overlap one (share a topic).
 * Immutable, so thread-safe; the filter is split into levels once, by {@link #parse}, and {@link #matches}
 * walks the topic name in place without allocating, since policies call it on every PUBLISH.
 *
 * <p>The rules (MQTT 3.1.1 and 5.0 section 4.7): levels are separated by {@code /} and compared character by
 * character, an empty level included ({@code a//b} has three levels); {@code +} matches exactly one level, possibly
 * empty; {@code #} matches any number of levels, none included, so {@code a/#} also matches {@code a}; a filter whose
 * first level is {@code +} or {@code #} matches no topic name starting with {@code $} [MQTT-4.7.2-1], so {@code #}
 * does not match {@code $SYS/uptime} and does not cover {@code $SYS/#}. The topics meant are topic names, which
 * are never empty [MQTT-4.7.3-1], so {@code /+/#} covers {@code /#}; and {@code +/#} covers {@code #}.
 * {@code $share/GROUP/} has no meaning here: the broker asks policies about a shared subscription's filter
 * without it.
 *
 * @since 1.0
 */
public final class TopicFilter {

    private static final String MULTI_LEVEL = "#";
    private static final String SINGLE_LEVEL = "+";

    private final String text;
    private final String[] levels;
    private final boolean wildcardFirst;

    private TopicFilter(String text) {
        this.text = text;
        this.levels = text.split("/", -1);
        this.wildcardFirst = isWildcard(levels[0]);
    }

    /**
     * Parses {@code filter}, checking it against the rules for topic filters.
     *
     * <p>The length is not limited here: the 65535 bytes of [MQTT-4.7.3-3] bound what a client sends, which the
     * broker checks, while a filter a plugin builds (from a template and a client identifier, say) may be longer.
     *
     * @throws IllegalArgumentException when it is empty [MQTT-4.7.3-1], contains U+0000 [MQTT-4.7.3-2], has
     *         {@code #} other than as the whole last level ([MQTT-4.7.1-2] in 3.1.1, [MQTT-4.7.1-1] in 5.0) or
     *         {@code +} other than as a whole level ([MQTT-4.7.1-3] in 3.1.1, [MQTT-4.7.1-2] in 5.0); the message
     *         says which, and names the rule
     * @throws NullPointerException when {@code filter} is null
     */
    public static TopicFilter parse(String filter) {
        String problem = problem(filter);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new TopicFilter(filter);
    }

    /** Whether {@link #parse} accepts {@code filter}, without the cost of an exception; null is not valid. */
    public static boolean isValid(String filter) {
        return filter != null && problem(filter) == null;
    }

    /**
     * Whether this filter matches {@code topicName}. The broker passes policies valid topic names only; characters
     * are compared as they are, and the empty string, which is no topic name [MQTT-4.7.3-1], matches nothing.
     */
    public boolean matches(String topicName) {
        int length = topicName.length();
        if (length == 0 || wildcardFirst && topicName.charAt(0) == '$') {
            return false; // [MQTT-4.7.3-1], [MQTT-4.7.2-1]
        }
        int start = 0; // where the topic's next level starts; length + 1 once it has none left
        for (String level : levels) {
            if (level.equals(MULTI_LEVEL)) {
                return true; // the rest, none included: the parent level too
            }
            if (start > length) {
                return false;
            }
            int end = topicName.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            if (!level.equals(SINGLE_LEVEL)
                    && (level.length() != end - start || !topicName.startsWith(level, start))) {
                return false;
            }
            start = end + 1;
        }
        return start == length + 1;
    }

    /**
     * Whether every topic name that {@code other} matches, this filter matches too: a grant of this filter allows a
     * subscription to {@code other}. So {@code a/#} covers {@code a/+/b} and {@code a}, {@code a/+} covers
     * {@code a/b} but not {@code a/#}, and {@code +/#} covers {@code #}.
     */
    public boolean covers(TopicFilter other) {
        String[] outer = levels;
        String[] inner = other.levels;
        if (wildcardFirst && inner[0].startsWith("$")) {
            return false; // every topic inner matches starts with '$' [MQTT-4.7.2-1]
        }
        for (int level = 0; ; level++) {
            if (level < outer.length && outer[level].equals(MULTI_LEVEL)) {
                return true;
            }
            if (level == inner.length || level == outer.length) {
                return level == inner.length && level == outer.length;
            }
            String outerLevel = outer[level];
            String innerLevel = inner[level];
            if (innerLevel.equals(MULTI_LEVEL)) {
                // inner matches the levels so far alone and with any levels after them; only '+/#' covers that
                // without '#' here, and only when the levels so far alone are the empty topic ('#', '/#')
                return onlyEmptyTopicBefore(inner, level) && outerLevel.equals(SINGLE_LEVEL)
                        && outer.length == level + 2 && outer[level + 1].equals(MULTI_LEVEL);
            }
            if (!outerLevel.equals(SINGLE_LEVEL)
                    && (innerLevel.equals(SINGLE_LEVEL) || !outerLevel.equals(innerLevel))) {
                return false;
            }
        }
    }

    /**
     * Whether some topic name matches both this filter and {@code other}: a subscription to {@code other} could
     * receive a message that a deny rule of this filter is about. Symmetric.
     */
    public boolean overlaps(TopicFilter other) {
        String[] first = levels;
        String[] second = other.levels;
        if (wildcardFirst && second[0].startsWith("$") || other.wildcardFirst && first[0].startsWith("$")) {
            return false; // [MQTT-4.7.2-1]
        }
        for (int level = 0; ; level++) {
            boolean firstEnded = level == first.length;
            boolean secondEnded = level == second.length;
            if (!firstEnded && first[level].equals(MULTI_LEVEL) || !secondEnded && second[level].equals(MULTI_LEVEL)) {
                // a common topic: the levels so far, then what the other filter still needs; when it needs
                // nothing, the levels so far alone, which are no topic when they can only be the empty one
                return !(firstEnded || secondEnded)
                        || !(onlyEmptyTopicBefore(first, level) || onlyEmptyTopicBefore(second, level));
            }
            if (firstEnded || secondEnded) {
                return firstEnded && secondEnded;
            }
            String one = first[level];
            String another = second[level];
            if (!one.equals(SINGLE_LEVEL) && !another.equals(SINGLE_LEVEL) && !one.equals(another)) {
                return false;
            }
        }
    }

    /** The filter as parsed. */
    public String text() {
        return text;
    }

    /**
     * Filters are equal when their texts are. Two different texts may still match the same topics ({@code #} and
     * {@code +/#}): then each covers the other.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof TopicFilter filter && filter.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** {@link #text()}. */
    @Override
    public String toString() {
        return text;
    }

    /** What is wrong with {@code filter}, or null; one pass over the characters. */
    private static String problem(String filter) {
        int length = filter.length();
        if (length == 0) {
            return "a topic filter must not be empty [MQTT-4.7.3-1]";
        }
        for (int index = 0; index < length; index++) {
            char character = filter.charAt(index);
            boolean levelStart = index == 0 || filter.charAt(index - 1) == '/';
            boolean levelEnd = index == length - 1 || filter.charAt(index + 1) == '/';
            if (character == '\u0000') {
                return "a topic filter must not contain U+0000, found at index " + index + " [MQTT-4.7.3-2]";
            }
            if (character == '#' && !(levelStart && index == length - 1)) {
                return "'#' must be a whole level and the last one in '" + filter
                        + "' ([MQTT-4.7.1-2] in 3.1.1, [MQTT-4.7.1-1] in 5.0)";
            }
            if (character == '+' && !(levelStart && levelEnd)) {
                return "'+' must be a whole level in '" + filter
                        + "' ([MQTT-4.7.1-3] in 3.1.1, [MQTT-4.7.1-2] in 5.0)";
            }
        }
        return null;
    }

    /**
     * Whether {@code filter}'s levels before {@code level} can only spell the empty topic, which is no topic
     * [MQTT-4.7.3-1]: there are none, or one empty level.
     */
    private static boolean onlyEmptyTopicBefore(String[] filter, int level) {
        return level == 0 || level == 1 && filter[0].isEmpty();
    }

    private static boolean isWildcard(String level) {
        return level.equals(MULTI_LEVEL) || level.equals(SINGLE_LEVEL);
    }
}
