package io.weft.plugins.authfile;

/**
 * Topic filter arithmetic on filters split into levels ({@link #levels}): whether one filter covers another (every
 * topic the inner one matches, the outer one matches too), whether two overlap (some topic matches both), and the
 * syntax check. Stateless.
 *
 * <p>Rules applied (MQTT 5.0 section 4.7): {@code +} matches exactly one level, possibly empty; {@code #} matches
 * any number of levels, including none, so {@code a/#} also matches {@code a} [MQTT-4.7.1-2]; a filter that starts
 * with a wildcard does not match a topic that starts with {@code $} [MQTT-4.7.2-1].
 */
final class TopicFilters {

    private static final String MULTI_LEVEL = "#";
    private static final String SINGLE_LEVEL = "+";

    private TopicFilters() {
    }

    /** The levels of a topic or filter; empty levels are kept ({@code a//b} has three). */
    static String[] levels(String topicOrFilter) {
        return topicOrFilter.split("/", -1);
    }

    /** Whether {@code topic} (a topic name, no wildcards) matches {@code filter}. */
    static boolean matches(String[] filter, String[] topic) {
        return covers(filter, topic);
    }

    /**
     * Whether every topic that {@code inner} matches is matched by {@code outer}: a subscription to {@code inner}
     * can receive nothing that {@code outer} does not allow. With a topic name as {@code inner} this is matching.
     */
    static boolean covers(String[] outer, String[] inner) {
        if (isWildcard(outer[0]) && isDollarLiteral(inner[0])) {
            return false;
        }
        for (int level = 0; ; level++) {
            if (level < outer.length && outer[level].equals(MULTI_LEVEL)) {
                return true;
            }
            if (level == inner.length) {
                return level == outer.length;
            }
            if (level == outer.length) {
                return false;
            }
            String outerLevel = outer[level];
            String innerLevel = inner[level];
            if (innerLevel.equals(MULTI_LEVEL)) {
                // inner matches any number of further levels, or at least one where none would leave an empty
                // topic ('#', '/#'); an outer filter not ending here in '#' covers that only as '+/#'
                return leavesEmptyTopic(inner, level) && outerLevel.equals(SINGLE_LEVEL)
                        && outer.length == level + 2 && outer[level + 1].equals(MULTI_LEVEL);
            }
            if (innerLevel.equals(SINGLE_LEVEL)) {
                if (!outerLevel.equals(SINGLE_LEVEL)) {
                    return false;
                }
            } else if (!outerLevel.equals(SINGLE_LEVEL) && !outerLevel.equals(innerLevel)) {
                return false;
            }
        }
    }

    /** Whether some topic matches both filters. */
    static boolean overlaps(String[] first, String[] second) {
        if (isWildcard(first[0]) && isDollarLiteral(second[0])
                || isWildcard(second[0]) && isDollarLiteral(first[0])) {
            return false;
        }
        for (int level = 0; ; level++) {
            boolean firstEnded = level == first.length;
            boolean secondEnded = level == second.length;
            if (!firstEnded && first[level].equals(MULTI_LEVEL) || !secondEnded && second[level].equals(MULTI_LEVEL)) {
                // a common topic: the levels so far, then whatever the other filter still needs; when it needs
                // nothing, that is no topic at all if the levels so far are one empty level
                return !(firstEnded || secondEnded) || !(leavesEmptyTopic(first, level)
                        || leavesEmptyTopic(second, level));
            }
            if (firstEnded || secondEnded) {
                return firstEnded && secondEnded;
            }
            String one = first[level];
            String other = second[level];
            if (!one.equals(SINGLE_LEVEL) && !other.equals(SINGLE_LEVEL) && !one.equals(other)) {
                return false;
            }
        }
    }

    /**
     * What is wrong with {@code filter} as a topic filter, or null when it is valid: not empty
     * [MQTT-4.7.3-1], {@code #} alone in the last level [MQTT-4.7.1-1], {@code +} alone in its level
     * [MQTT-4.7.1-2], no U+0000 [MQTT-4.7.3-2].
     */
    static String problem(String filter) {
        if (filter.isEmpty()) {
            return "a topic filter must not be empty";
        }
        if (filter.indexOf('\u0000') >= 0) {
            return "a topic filter must not contain U+0000";
        }
        String[] levels = levels(filter);
        for (int index = 0; index < levels.length; index++) {
            String level = levels[index];
            if (level.contains(MULTI_LEVEL) && (!level.equals(MULTI_LEVEL) || index != levels.length - 1)) {
                return "'#' must be a whole level and the last one: " + filter;
            }
            if (level.contains(SINGLE_LEVEL) && !level.equals(SINGLE_LEVEL)) {
                return "'+' must be a whole level: " + filter;
            }
        }
        return null;
    }

    /**
     * Whether the levels of {@code filter} before {@code level} can only name the empty topic, which is no topic
     * [MQTT-4.7.3-1]: none at all, or one empty level.
     */
    private static boolean leavesEmptyTopic(String[] filter, int level) {
        return level == 0 || level == 1 && filter[0].isEmpty();
    }

    private static boolean isWildcard(String level) {
        return level.equals(MULTI_LEVEL) || level.equals(SINGLE_LEVEL);
    }

    private static boolean isDollarLiteral(String level) {
        return level.startsWith("$");
    }
}
