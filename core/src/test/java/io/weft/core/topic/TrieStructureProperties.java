package io.weft.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The node-level structures behind the trie, each against a java.util map. */
class TrieStructureProperties {

    record Operation(boolean add, String key) {}

    @Provide
    Arbitrary<List<Operation>> levelOperations() {
        // "Aa"/"BB" and their concatenations share a hash code, so probing and deletion meet real collisions.
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.of("Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB", "", "+", "$SYS"),
                Arbitraries.integers().between(0, 300).map(String::valueOf));
        return Combinators.combine(Arbitraries.integers().between(0, 9), keys)
                .as((choice, key) -> new Operation(choice < 6, key)).list().ofMaxSize(400);
    }

    @Provide
    Arbitrary<List<Operation>> subscriberOperations() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 24))
                .as((choice, key) -> new Operation(choice < 6, "client-" + key)).list().ofMaxSize(300);
    }

    @Property
    void levelMapBehavesLikeAHashMap(@ForAll("levelOperations") List<Operation> operations) {
        LevelMap<Integer> map = new LevelMap<>();
        Map<String, Integer> reference = new HashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            Operation operation = operations.get(i);
            if (operation.add()) {
                if (!reference.containsKey(operation.key())) {
                    map.add(operation.key(), i);
                    reference.put(operation.key(), i);
                }
            } else {
                assertThat(map.remove(operation.key())).isEqualTo(reference.remove(operation.key()));
            }
            assertThat(map.size()).isEqualTo(reference.size());
        }
        for (Map.Entry<String, Integer> entry : reference.entrySet()) {
            String key = entry.getKey();
            String text = "x/" + key + "/y"; // a lookup by range inside a longer topic, as matching does
            assertThat(map.get(text, 2, 2 + key.length(), LevelMap.hash(text, 2, 2 + key.length())))
                    .isEqualTo(entry.getValue());
            assertThat(map.get(key)).isEqualTo(entry.getValue());
        }
        assertThat(map.get("absent")).isNull();
        Map<String, Integer> iterated = new HashMap<>();
        for (int slot = 0; slot < map.capacity(); slot++) {
            if (map.keyAt(slot) != null) {
                iterated.put(map.keyAt(slot), map.valueAt(slot));
            }
        }
        assertThat(iterated).isEqualTo(reference);
        // Emptied tables shrink back, so a node that once had many children does not keep a large table.
        reference.keySet().forEach(map::remove);
        assertThat(map.size()).isZero();
        assertThat(map.capacity()).isLessThanOrEqualTo(8);
    }

    @Property
    void subscriberTableBehavesLikeAHashMap(@ForAll("subscriberOperations") List<Operation> operations) {
        SubscriberTable<String, Integer> table = new SubscriberTable<>();
        Map<String, Integer> reference = new HashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            Operation operation = operations.get(i);
            if (operation.add()) {
                assertThat(table.put(operation.key(), i)).isEqualTo(reference.put(operation.key(), i));
            } else {
                assertThat(table.remove(operation.key())).isEqualTo(reference.remove(operation.key()));
            }
            Map<String, Integer> contents = new HashMap<>();
            for (int position = 0; position < table.size(); position++) {
                contents.put(table.subscriberAt(position), table.valueAt(position));
            }
            assertThat(contents).isEqualTo(reference);
            assertThat(table.size()).isEqualTo(reference.size());
        }
    }
}
