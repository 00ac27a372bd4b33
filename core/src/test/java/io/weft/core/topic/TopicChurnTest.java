package io.weft.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** 100,000 random changes, checked against a reference map, must end in an empty and fully pruned structure. */
class TopicChurnTest {
    private static final int OPERATIONS = 100_000;
    private static final String[] LEVELS = {"a", "b", "c", "", "$SYS", "device-1", "device-2", "x"};

    private static String randomPath(Random random, boolean wildcards) {
        int depth = 1 + random.nextInt(6);
        List<String> levels = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            boolean plus = wildcards && random.nextInt(5) == 0;
            // Unique levels now and then, so nodes are created and must be pruned again.
            String level = random.nextInt(10) == 0
                    ? "id" + random.nextInt(1_000) : LEVELS[random.nextInt(LEVELS.length)];
            levels.add(plus ? "+" : level);
        }
        if (wildcards && random.nextInt(4) == 0) {
            levels.add("#");
        }
        return String.join("/", levels);
    }

    @Test
    void subscribeUnsubscribeChurnEndsWithAnEmptyPrunedTree() {
        Random random = new Random(20_240_611L);
        TopicTree<Integer, Integer> tree = new TopicTree<>();
        Map<String, Map<Integer, Integer>> reference = new HashMap<>();
        List<String> recent = new ArrayList<>();
        for (int i = 0; i < OPERATIONS; i++) {
            // Unsubscribe mostly from filters seen recently, so removals hit existing subscriptions.
            String filter = !recent.isEmpty() && random.nextBoolean()
                    ? recent.get(random.nextInt(recent.size())) : randomPath(random, true);
            int subscriber = random.nextInt(40); // over SubscriberTable.INDEX_THRESHOLD on popular filters
            Map<Integer, Integer> subscribers = reference.computeIfAbsent(filter, f -> new HashMap<>());
            if (random.nextInt(100) < 50) {
                assertThat(tree.subscribe(filter, subscriber, i)).isEqualTo(subscribers.put(subscriber, i));
                recent.add(filter);
                if (recent.size() > 500) {
                    recent.remove(random.nextInt(recent.size()));
                }
            } else {
                assertThat(tree.unsubscribe(filter, subscriber)).isEqualTo(subscribers.remove(subscriber));
            }
            if (subscribers.isEmpty()) {
                reference.remove(filter);
            }
        }
        assertThat(tree.subscriptions()).isEqualTo(reference);
        assertThat(tree.size()).isEqualTo(reference.values().stream().mapToInt(Map::size).sum());
        reference.forEach((filter, subscribers) -> subscribers.keySet().forEach(s -> tree.unsubscribe(filter, s)));
        assertThat(tree.isEmpty()).isTrue();
        assertThat(tree.nodeCount()).isZero();
    }

    @Test
    void putRemoveChurnEndsWithAnEmptyPrunedIndex() {
        Random random = new Random(20_240_612L);
        RetainedIndex<Integer> index = new RetainedIndex<>();
        Map<String, Integer> reference = new HashMap<>();
        List<String> recent = new ArrayList<>();
        for (int i = 0; i < OPERATIONS; i++) {
            String topic = !recent.isEmpty() && random.nextBoolean()
                    ? recent.get(random.nextInt(recent.size())) : randomPath(random, false);
            if (random.nextBoolean()) {
                assertThat(index.put(topic, i)).isEqualTo(reference.put(topic, i));
                recent.add(topic);
                if (recent.size() > 500) {
                    recent.remove(random.nextInt(recent.size()));
                }
            } else {
                assertThat(index.remove(topic)).isEqualTo(reference.remove(topic));
            }
        }
        assertThat(index.size()).isEqualTo(reference.size());
        reference.forEach((topic, value) -> assertThat(index.get(topic)).isEqualTo(value));
        reference.keySet().forEach(index::remove);
        assertThat(index.isEmpty()).isTrue();
        assertThat(index.nodeCount()).isZero();
    }
}
