package io.weft.core.topic;

import java.util.ArrayList;
import java.util.List;

/** A deliberately plain topic matcher for property tests: split both strings into levels, compare one by one. */
final class ReferenceMatcher {
    private ReferenceMatcher() {
    }

    static boolean matches(String filter, String topic) {
        List<String> filterLevels = levels(filter);
        List<String> topicLevels = levels(topic);
        String first = filterLevels.get(0);
        if (topic.startsWith("$") && (first.equals("+") || first.equals("#"))) {
            return false; // [MQTT-4.7.2-1]
        }
        for (int i = 0; i < filterLevels.size(); i++) {
            String level = filterLevels.get(i);
            if (level.equals("#")) {
                return true; // the earlier levels all matched, so the parent level exists
            }
            if (i >= topicLevels.size()) {
                return false;
            }
            if (!level.equals("+") && !level.equals(topicLevels.get(i))) {
                return false;
            }
        }
        return filterLevels.size() == topicLevels.size();
    }

    /** "a//b" is ["a", "", "b"]; "/" is ["", ""]; "" is [""]. */
    static List<String> levels(String text) {
        List<String> levels = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '/') {
                levels.add(text.substring(start, i));
                start = i + 1;
            }
        }
        levels.add(text.substring(start));
        return levels;
    }
}
