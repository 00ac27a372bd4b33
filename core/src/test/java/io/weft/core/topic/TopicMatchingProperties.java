package io.weft.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * TopicTree and RetainedIndex against {@link ReferenceMatcher}, with levels drawn from a small alphabet so that
 * matches are frequent and empty levels, '$' levels and both wildcards are common.
 */
class TopicMatchingProperties {
    private static final List<String> TOPIC_LEVELS = List.of("a", "b", "A", "", "$SYS");
    private static final List<String> FILTER_LEVELS = List.of("a", "b", "A", "", "$SYS", "+", "+");

    record Subscription(int subscriber, String filter) {}

    record Operation(boolean add, int key, String text) {}

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.of(TOPIC_LEVELS).list().ofMinSize(1).ofMaxSize(4)
                .map(levels -> String.join("/", levels))
                .filter(topic -> !topic.isEmpty()); // a topic name has at least one character [MQTT-4.7.3-1]
    }

    @Provide
    Arbitrary<String> filters() {
        return Arbitraries.of(true, false).flatMap(multiLevel -> Arbitraries.of(FILTER_LEVELS).list()
                .ofMinSize(multiLevel ? 0 : 1).ofMaxSize(4)
                .map(levels -> {
                    List<String> all = new ArrayList<>(levels);
                    if (multiLevel) {
                        all.add("#"); // '#' only ever as the last level [MQTT-4.7.1-2]
                    }
                    return String.join("/", all);
                })
                .filter(filter -> !filter.isEmpty()));
    }

    @Provide
    Arbitrary<List<Subscription>> subscriptions() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), filters())
                .as(Subscription::new).list().ofMaxSize(25);
    }

    @Provide
    Arbitrary<List<Operation>> subscriptionOperations() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(1, 3),
                filters()).as((choice, subscriber, filter) -> new Operation(choice < 6, subscriber, filter))
                .list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Operation>> retainedOperations() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 99),
                topics()).as((choice, value, topic) -> new Operation(choice < 6, value, topic))
                .list().ofMaxSize(60);
    }

    @Property
    @Label("[MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-4.7.2-1] [MQTT-4.7.3-4] TopicTree.match visits exactly what the "
            + "reference matcher says, once per (subscriber, filter)")
    void treeMatchesLikeTheReference(
            @ForAll("subscriptions") List<Subscription> subscriptions,
            @ForAll @Size(max = 12) List<@From("topics") String> topics) {
        TopicTree<Integer, String> tree = new TopicTree<>();
        Map<Subscription, String> reference = new HashMap<>();
        for (int i = 0; i < subscriptions.size(); i++) {
            Subscription subscription = subscriptions.get(i);
            String value = subscription.filter() + " #" + i; // the value names its filter, so visits identify it
            tree.subscribe(subscription.filter(), subscription.subscriber(), value);
            reference.put(subscription, value);
        }
        for (String topic : topics) {
            List<String> expected = new ArrayList<>();
            reference.forEach((subscription, value) -> {
                if (ReferenceMatcher.matches(subscription.filter(), topic)) {
                    expected.add(subscription.subscriber() + "=" + value);
                }
            });
            Statistics.label("tree topic matched").collect(!expected.isEmpty());
            List<String> actual = new ArrayList<>();
            tree.match(topic, (subscriber, value) -> actual.add(subscriber + "=" + value));
            assertThat(actual).as("topic %s", topic).containsExactlyInAnyOrderElementsOf(expected);
        }
        // The alphabet is small so that matches are common; fail if the generators stop producing them.
        Statistics.label("tree topic matched").coverage(coverage -> coverage.check(true).percentage(p -> p > 20));
    }

    @Property
    @Label("Subscribe/unsubscribe sequences leave the tree equal to a reference map, and fully pruned once emptied")
    void treeFollowsAReferenceMapAndPrunes(@ForAll("subscriptionOperations") List<Operation> operations) {
        TopicTree<Integer, Integer> tree = new TopicTree<>();
        Map<String, Map<Integer, Integer>> reference = new HashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            Operation operation = operations.get(i);
            Map<Integer, Integer> subscribers = reference.computeIfAbsent(operation.text(), f -> new HashMap<>());
            if (operation.add()) {
                assertThat(tree.subscribe(operation.text(), operation.key(), i))
                        .isEqualTo(subscribers.put(operation.key(), i));
            } else {
                assertThat(tree.unsubscribe(operation.text(), operation.key()))
                        .isEqualTo(subscribers.remove(operation.key()));
            }
            if (subscribers.isEmpty()) {
                reference.remove(operation.text());
            }
            assertThat(tree.size()).isEqualTo(reference.values().stream().mapToInt(Map::size).sum());
        }
        assertThat(tree.subscriptions()).isEqualTo(reference);
        reference.forEach((filter, subscribers) -> subscribers.keySet().forEach(s -> tree.unsubscribe(filter, s)));
        assertThat(tree.isEmpty()).isTrue();
        assertThat(tree.subscriptions()).isEmpty();
        assertThat(tree.nodeCount()).isZero();
    }

    @Property
    @Label("[MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-4.7.2-1] [MQTT-4.7.3-4] RetainedIndex.matching visits exactly the "
            + "stored topics the reference matcher accepts")
    void retainedMatchesLikeTheReference(
            @ForAll @Size(max = 25) List<@From("topics") String> stored,
            @ForAll @Size(max = 12) List<@From("filters") String> filters) {
        RetainedIndex<String> index = new RetainedIndex<>();
        for (String topic : stored) {
            index.put(topic, "message on " + topic);
        }
        for (String filter : filters) {
            List<String> expected = stored.stream().distinct()
                    .filter(topic -> ReferenceMatcher.matches(filter, topic)).toList();
            Statistics.label("retained filter matched").collect(!expected.isEmpty());
            List<String> actual = new ArrayList<>();
            index.matching(filter, (topic, value) -> {
                assertThat(value).isEqualTo("message on " + topic);
                actual.add(topic);
            });
            assertThat(actual).as("filter %s", filter).containsExactlyInAnyOrderElementsOf(expected);
        }
        Statistics.label("retained filter matched")
                .coverage(coverage -> coverage.check(true).percentage(p -> p > 20));
    }

    @Property
    @Label("Put/remove sequences leave the retained index equal to a reference map, and fully pruned once emptied")
    void retainedFollowsAReferenceMapAndPrunes(@ForAll("retainedOperations") List<Operation> operations) {
        RetainedIndex<Integer> index = new RetainedIndex<>();
        Map<String, Integer> reference = new HashMap<>();
        for (Operation operation : operations) {
            if (operation.add()) {
                assertThat(index.put(operation.text(), operation.key()))
                        .isEqualTo(reference.put(operation.text(), operation.key()));
            } else {
                assertThat(index.remove(operation.text())).isEqualTo(reference.remove(operation.text()));
            }
            assertThat(index.size()).isEqualTo(reference.size());
        }
        Map<String, Integer> all = new HashMap<>();
        index.matching("#", all::put);
        index.matching("$SYS/#", all::put);
        assertThat(all).isEqualTo(reference);
        reference.forEach((topic, value) -> assertThat(index.get(topic)).isEqualTo(value));
        reference.keySet().forEach(index::remove);
        assertThat(index.isEmpty()).isTrue();
        assertThat(index.nodeCount()).isZero();
    }
}
