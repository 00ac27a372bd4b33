package io.weft.spi.auth;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TopicFilter} against two naive references: a level-by-level matcher, and regular expressions. Covering
 * and overlapping are brute-forced over a universe of topics: every topic of up to one level more than the
 * filters have, over the filters' words plus one they never use ({@code z}), an empty level and a {@code $} word.
 * That is enough to find a topic telling two filters apart whenever one exists. The empty topic is left out: it
 * is no topic name [MQTT-4.7.3-1].
 */
class TopicFilterPropertiesTest {

    private static final List<String> TOPIC_WORDS = List.of("a", "b", "$s", "", "z");
    private static final List<String> TOPICS = topics(TOPIC_WORDS, 5);

    /** Up to three levels of words and '+', then '#' or not. */
    @Provide
    Arbitrary<String> filters() {
        Arbitrary<List<String>> levels = Arbitraries.of("a", "b", "$s", "", "+").list().ofMaxSize(3);
        return Combinators.combine(levels, Arbitraries.of(true, false)).as((words, multiLevel) -> {
            List<String> filter = new ArrayList<>(words);
            if (multiLevel || filter.isEmpty()) {
                filter.add("#");
            }
            return String.join("/", filter);
        }).filter(filter -> !filter.isEmpty()); // one empty level: not a filter [MQTT-4.7.3-1]
    }

    /** Topic names of one to six levels, with words longer than one character and '$' inside a level. */
    @Provide
    Arbitrary<String> topicNames() {
        return Arbitraries.of("a", "b", "ab", "$s", "a$", "", "z", "a b").list().ofMinSize(1).ofMaxSize(6)
                .map(levels -> String.join("/", levels)).filter(topic -> !topic.isEmpty());
    }

    @Property(tries = 3000)
    @Label("[MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-4.7.2-1] matches(topic) agrees with a level-by-level reference")
    void matchesAgreesWithTheReference(@ForAll("filters") String filter, @ForAll("topicNames") String topic) {
        assertThat(TopicFilter.parse(filter).matches(topic)).as("%s matches %s", filter, topic)
                .isEqualTo(naiveMatches(filter, topic));
    }

    @Property(tries = 1500)
    @Label("[MQTT-4.7.1-2] [MQTT-4.7.2-1] [MQTT-4.7.3-1] covers(inner) iff every topic inner matches, outer matches")
    void coversAgreesWithTheReference(@ForAll("filters") String outer, @ForAll("filters") String inner) {
        boolean expected = TOPICS.stream().filter(topic -> naiveMatches(inner, topic))
                .allMatch(topic -> naiveMatches(outer, topic));
        assertThat(TopicFilter.parse(outer).covers(TopicFilter.parse(inner))).as("%s covers %s", outer, inner)
                .isEqualTo(expected);
    }

    @Property(tries = 1500)
    @Label("[MQTT-4.7.2-1] [MQTT-4.7.3-1] overlaps(other) iff some topic matches both")
    void overlapsAgreesWithTheReference(@ForAll("filters") String first, @ForAll("filters") String second) {
        boolean expected = TOPICS.stream().anyMatch(topic -> naiveMatches(first, topic) && naiveMatches(second, topic));
        assertThat(TopicFilter.parse(first).overlaps(TopicFilter.parse(second))).as("%s overlaps %s", first, second)
                .isEqualTo(expected);
    }

    /**
     * Every filter of up to three levels over a small alphabet, against regular expressions over every topic of up
     * to four levels; covering and overlapping then follow from the sets of topics each filter matches.
     */
    @Example
    @Label("[MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-4.7.2-1] [MQTT-4.7.3-1] every small filter against regular expressions")
    void everySmallFilterAgreesWithRegularExpressions() {
        List<String> topics = topics(List.of("a", "b", "z", "", "$s"), 4);
        List<String> filters = combinations(List.of("a", "b", "", "$s", "+", "#"), 3).stream()
                .filter(TopicFilter::isValid).toList();
        List<BitSet> matched = new ArrayList<>();
        for (String text : filters) {
            Pattern reference = regex(text);
            TopicFilter filter = TopicFilter.parse(text);
            BitSet bits = new BitSet(topics.size());
            for (int index = 0; index < topics.size(); index++) {
                String topic = topics.get(index);
                boolean expected = reference.matcher(topic).matches()
                        && !(topic.startsWith("$") && (text.startsWith("+") || text.startsWith("#")));
                assertThat(filter.matches(topic)).as("%s matches %s", text, topic).isEqualTo(expected);
                bits.set(index, expected);
            }
            matched.add(bits);
        }
        for (int outer = 0; outer < filters.size(); outer++) {
            TopicFilter filter = TopicFilter.parse(filters.get(outer));
            for (int inner = 0; inner < filters.size(); inner++) {
                TopicFilter other = TopicFilter.parse(filters.get(inner));
                BitSet outside = (BitSet) matched.get(inner).clone();
                outside.andNot(matched.get(outer));
                assertThat(filter.covers(other)).as("%s covers %s", filter, other).isEqualTo(outside.isEmpty());
                assertThat(filter.overlaps(other)).as("%s overlaps %s", filter, other)
                        .isEqualTo(matched.get(inner).intersects(matched.get(outer)));
            }
        }
    }

    /** Level by level, '#' taking the rest (none included), '$' topics out of reach of leading wildcards. */
    private static boolean naiveMatches(String filterText, String topicName) {
        List<String> filter = List.of(filterText.split("/", -1));
        List<String> topic = List.of(topicName.split("/", -1));
        if (topicName.isEmpty()
                || topicName.startsWith("$") && (filter.getFirst().equals("#") || filter.getFirst().equals("+"))) {
            return false;
        }
        for (int level = 0; level < filter.size(); level++) {
            if (filter.get(level).equals("#")) {
                return true;
            }
            if (level == topic.size()
                    || !filter.get(level).equals("+") && !filter.get(level).equals(topic.get(level))) {
                return false;
            }
        }
        return filter.size() == topic.size();
    }

    /** '+' as a run of anything but '/', a trailing '/#' as an optional '/' and anything, '#' alone as anything. */
    private static Pattern regex(String filter) {
        boolean multiLevel = filter.equals("#") || filter.endsWith("/#");
        String levels = filter.equals("#") ? "" : multiLevel ? filter.substring(0, filter.length() - 2) : filter;
        String regex = Pattern.quote(levels).replace("+", "\\E[^/]*\\Q");
        if (filter.equals("#")) {
            regex = ".*";
        } else if (multiLevel) {
            regex += "(/.*)?";
        }
        return Pattern.compile(regex, Pattern.DOTALL);
    }

    /** Every topic of 1 to {@code maximumLevels} levels over {@code words}, except the empty topic. */
    private static List<String> topics(List<String> words, int maximumLevels) {
        return combinations(words, maximumLevels).stream().filter(topic -> !topic.isEmpty()).toList();
    }

    /** Every join of 1 to {@code maximumLevels} of {@code levels} with '/'. */
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
