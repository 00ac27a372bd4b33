package io.weft.plugins.authjwt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class TopicFilterTest {

    private static TopicFilter filter(String text) {
        return TopicFilter.parse(text).orElseThrow(() -> new AssertionError("not a filter: " + text));
    }

    @ParameterizedTest(name = "[MQTT-4.7.1] invalid filter ''{0}''")
    @ValueSource(strings = {"", "a/#/b", "a#", "#a", "a/b#", "a+", "+a/b", "a/+b", "nul\u0000level"})
    void malformedFiltersAreRefused(String text) {
        assertThat(TopicFilter.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "''{0}'' covers ''{1}'': {2}")
    @CsvSource(delimiter = '|', value = {
            "a/#      | a/+/b    | true",
            "a/#      | a        | true",
            "a/#      | a/#      | true",
            "a/+      | a/b      | true",
            "a/+      | a/+      | true",
            "a/+      | a/#      | false",
            "a/+      | a        | false",
            "a/b      | a/+      | false",
            "a/+/c    | a/+/+    | false",
            "+/+      | a/b      | true",
            "#        | +/x/#    | true",
            "#        | $SYS/#   | false",
            "+/#      | $SYS/a   | false",
            "$SYS/#   | $SYS/a/b | true",
            "a/+/#    | a/#      | false",
            "+/#      | #        | true",
            "+/+/#    | #        | false",
            "a/+/#    | a/b      | true",
            "devices/d1/# | devices/+/status | false"})
    void coversOnlyWhatItMatchesEntirely(String grant, String requested, boolean covered) {
        assertThat(filter(grant).covers(TopicFilter.levels(requested))).isEqualTo(covered);
    }

    @Test
    void aLeadingWildcardDoesNotMatchDollarTopics_MQTT_4_7_2_1() {
        assertThat(filter("#").matches(TopicFilter.levels("$SYS/uptime"))).isFalse();
        assertThat(filter("+/uptime").matches(TopicFilter.levels("$SYS/uptime"))).isFalse();
        assertThat(filter("$SYS/#").matches(TopicFilter.levels("$SYS/uptime"))).isTrue();
    }

    /**
     * Every filter of up to three levels over a small alphabet against a naive reference: matching by regular
     * expression, and covering as "every topic of up to four levels that one matches, the other matches".
     * Topics one level longer than any filter, a fresh literal, an empty level and a '$' first level make the
     * universe large enough to show any difference.
     */
    @Test
    void matchesAndCoversAgreeWithANaiveReference() {
        List<String> topics = combinations(List.of("a", "b", "z", "", "$s"), 4);
        List<String> filters = combinations(List.of("a", "b", "", "$s", "+", "#"), 3).stream()
                .filter(text -> TopicFilter.parse(text).isPresent()).toList();
        List<BitSet> matched = new ArrayList<>();
        for (String text : filters) {
            Pattern reference = reference(text);
            TopicFilter filter = filter(text);
            BitSet bits = new BitSet(topics.size());
            for (int index = 0; index < topics.size(); index++) {
                String topic = topics.get(index);
                boolean expected = reference.matcher(topic).matches()
                        && !(topic.startsWith("$") && (text.startsWith("+") || text.startsWith("#")));
                assertThat(filter.matches(TopicFilter.levels(topic))).as("%s matches %s", text, topic)
                        .isEqualTo(expected);
                bits.set(index, expected);
            }
            matched.add(bits);
        }
        for (int grant = 0; grant < filters.size(); grant++) {
            for (int requested = 0; requested < filters.size(); requested++) {
                BitSet outside = (BitSet) matched.get(requested).clone();
                outside.andNot(matched.get(grant));
                assertThat(filter(filters.get(grant)).covers(TopicFilter.levels(filters.get(requested))))
                        .as("%s covers %s", filters.get(grant), filters.get(requested)).isEqualTo(outside.isEmpty());
            }
        }
    }

    private static Pattern reference(String filter) {
        String regex = filter.equals("#") ? ".*" : Pattern.quote(filter).replace("+", "\\E[^/]*\\Q");
        if (filter.endsWith("/#")) {
            String parent = filter.substring(0, filter.length() - 2);
            regex = Pattern.quote(parent).replace("+", "\\E[^/]*\\Q") + "(/.*)?";
        }
        return Pattern.compile(regex, Pattern.DOTALL);
    }

    private static List<String> combinations(List<String> levels, int maximumLevels) {
        List<String> all = new ArrayList<>();
        List<String> previous = List.of("");
        for (int length = 1; length <= maximumLevels; length++) {
            List<String> next = new ArrayList<>();
            for (String prefix : previous) {
                for (String level : levels) {
                    next.add(length == 1 ? level : prefix + "/" + level);
                }
            }
            all.addAll(next);
            previous = next;
        }
        return all;
    }
}
