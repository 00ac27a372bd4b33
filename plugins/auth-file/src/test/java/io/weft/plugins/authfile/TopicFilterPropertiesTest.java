package io.weft.plugins.authfile;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter arithmetic against a brute-force reference: a naive matcher run over every topic of up to five
 * levels drawn from the filters' words plus one they never use, which is enough to find a topic that tells two
 * filters of up to four levels apart whenever one exists.
 */
class TopicFilterPropertiesTest {

    private static final List<String> TOPIC_WORDS = List.of("a", "b", "$s", "", "z");
    private static final List<List<String>> TOPICS = topics(5);

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

    @Property(tries = 1500)
    @Label("[MQTT-4.7.1-2] [MQTT-4.7.2-1] covers(outer, inner) iff every topic inner matches, outer matches")
    void coversAgreesWithTheReference(@ForAll("filters") String outer, @ForAll("filters") String inner) {
        List<String> outerLevels = List.of(TopicFilters.levels(outer));
        List<String> innerLevels = List.of(TopicFilters.levels(inner));
        boolean expected = TOPICS.stream().filter(topic -> naiveMatches(innerLevels, topic))
                .allMatch(topic -> naiveMatches(outerLevels, topic));
        assertThat(TopicFilters.covers(TopicFilters.levels(outer), TopicFilters.levels(inner)))
                .as("%s covers %s", outer, inner).isEqualTo(expected);
    }

    @Property(tries = 1500)
    @Label("overlaps(first, second) iff some topic matches both")
    void overlapsAgreesWithTheReference(@ForAll("filters") String first, @ForAll("filters") String second) {
        List<String> firstLevels = List.of(TopicFilters.levels(first));
        List<String> secondLevels = List.of(TopicFilters.levels(second));
        boolean expected = TOPICS.stream()
                .anyMatch(topic -> naiveMatches(firstLevels, topic) && naiveMatches(secondLevels, topic));
        assertThat(TopicFilters.overlaps(TopicFilters.levels(first), TopicFilters.levels(second)))
                .as("%s overlaps %s", first, second).isEqualTo(expected);
    }

    @Property(tries = 500)
    @Label("matching a topic name is covering it")
    void matchesAgreesWithTheReference(@ForAll("filters") String filter, @ForAll("topicIndexes") int index) {
        List<String> topic = TOPICS.get(index);
        assertThat(TopicFilters.matches(TopicFilters.levels(filter), topic.toArray(String[]::new)))
                .as("%s matches %s", filter, String.join("/", topic))
                .isEqualTo(naiveMatches(List.of(TopicFilters.levels(filter)), topic));
    }

    @Provide
    Arbitrary<Integer> topicIndexes() {
        return Arbitraries.integers().between(0, TOPICS.size() - 1);
    }

    /** Level by level, '#' taking the rest (none included), '$' topics out of reach of leading wildcards. */
    private static boolean naiveMatches(List<String> filter, List<String> topic) {
        if (topic.getFirst().startsWith("$") && (filter.getFirst().equals("#") || filter.getFirst().equals("+"))) {
            return false;
        }
        for (int level = 0; level < filter.size(); level++) {
            if (filter.get(level).equals("#")) {
                return true;
            }
            if (level == topic.size()) {
                return false;
            }
            if (!filter.get(level).equals("+") && !filter.get(level).equals(topic.get(level))) {
                return false;
            }
        }
        return filter.size() == topic.size();
    }

    /** Every topic of 1 to {@code maximumLevels} levels over {@link #TOPIC_WORDS}, except the empty topic. */
    private static List<List<String>> topics(int maximumLevels) {
        List<List<String>> topics = new ArrayList<>();
        List<List<String>> shorter = List.of(List.of());
        for (int length = 1; length <= maximumLevels; length++) {
            List<List<String>> longer = new ArrayList<>();
            for (List<String> prefix : shorter) {
                for (String word : TOPIC_WORDS) {
                    List<String> topic = new ArrayList<>(prefix);
                    topic.add(word);
                    longer.add(List.copyOf(topic));
                }
            }
            topics.addAll(longer);
            shorter = longer;
        }
        topics.removeIf(topic -> topic.equals(List.of(""))); // a topic name is at least one character
        return List.copyOf(topics);
    }
}
