package io.weft.plugins.authhttp;

import java.util.List;
import java.util.Optional;

/**
 * Topic filter rules of MQTT section 4.7, for the access lists the service returns: whether a filter is well
 * formed, and whether a granted filter covers a topic or a requested filter. Stateless.
 */
final class TopicFilters {

    private TopicFilters() {
    }

    /** Why {@code filter} is not a valid topic filter, or empty when it is. */
    static Optional<String> problem(String filter) {
        if (filter.isEmpty()) {
            return Optional.of("a topic filter is at least one character long [MQTT-4.7.3-1]");
        }
        List<String> levels = levels(filter);
        for (int index = 0; index < levels.size(); index++) {
            String level = levels.get(index);
            if (level.equals("#") && index != levels.size() - 1) {
                return Optional.of("'#' must be the last level of '" + filter + "' [MQTT-4.7.1-1]");
            }
            if (level.length() > 1 && (level.contains("#") || level.contains("+"))) {
                return Optional.of("a wildcard must occupy a whole level of '" + filter + "' [MQTT-4.7.1-2]");
            }
        }
        if (filter.indexOf('\u0000') >= 0) {
            return Optional.of("a topic filter must not contain U+0000 [MQTT-4.7.3-2]");
        }
        return Optional.empty();
    }

    /** The levels of a topic or filter; {@code "a//b"} has three, the middle one empty. */
    static List<String> levels(String topicOrFilter) {
        return List.of(topicOrFilter.split("/", -1));
    }

    /**
     * Whether every topic that {@code requested} matches is also matched by {@code granted} (both split into
     * levels). A topic name without wildcards as {@code requested} makes this "does {@code granted} match the
     * topic". A wildcard in the first level of {@code granted} never reaches a level starting with {@code $}
     * [MQTT-4.7.2-1], so {@code #} does not cover {@code $SYS/#}.
     */
    static boolean covers(List<String> granted, List<String> requested) {
        for (int index = 0; index < granted.size(); index++) {
            String grant = granted.get(index);
            boolean reservedLevel = index == 0 && !requested.isEmpty() && requested.getFirst().startsWith("$");
            if (grant.equals("#")) {
                return !reservedLevel;
            }
            if (index >= requested.size()) {
                return false;
            }
            String request = requested.get(index);
            if (request.equals("#")) {
                return false;
            }
            if (grant.equals("+")) {
                if (reservedLevel) {
                    return false;
                }
            } else if (request.equals("+") || !grant.equals(request)) {
                return false;
            }
        }
        return granted.size() == requested.size();
    }
}
