package io.weft.core.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicTreeTest {

    /** Subscribes "client" to {@code filter} and reports whether a message on {@code topic} reaches it. */
    private static boolean matches(String filter, String topic) {
        TopicTree<String, String> tree = new TopicTree<>();
        tree.subscribe(filter, "client", filter);
        return !visits(tree, topic).isEmpty();
    }

    private static List<String> visits(TopicTree<String, String> tree, String topic) {
        List<String> visits = new ArrayList<>();
        tree.match(topic, (subscriber, value) -> visits.add(subscriber + "=" + value));
        return visits;
    }

    @ParameterizedTest(name = "\"{0}\" matches \"{1}\": {2}")
    @DisplayName("4.7.1.2 multi-level wildcard: '#' matches the parent level and any number of child levels")
    @CsvSource(delimiter = '|', value = {
        "sport/tennis/player1/# | sport/tennis/player1                  | true",
        "sport/tennis/player1/# | sport/tennis/player1/ranking          | true",
        "sport/tennis/player1/# | sport/tennis/player1/score/wimbledon  | true",
        "sport/tennis/player1/# | sport/tennis/player2                  | false",
        "sport/tennis/player1/# | sport/tennis                          | false",
        "sport/#                | sport                                 | true",
        "sport/#                | sport/                                | true",
        "sport/#                | sport/a/b                             | true",
        "sport/#                | sports                                | false",
        "#                      | sport/tennis/player1                  | true",
        "#                      | /                                     | true",
        "+/#                    | sport                                 | true",
        "sport/+/#              | sport/tennis                          | true",
    })
    void multiLevelWildcard(String filter, String topic, boolean expected) {
        assertThat(matches(filter, topic)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" matches \"{1}\": {2}")
    @DisplayName("4.7.1.3 single-level wildcard: '+' matches exactly one level, including an empty one")
    @CsvSource(delimiter = '|', value = {
        "sport/tennis/+  | sport/tennis/player1          | true",
        "sport/tennis/+  | sport/tennis/player2          | true",
        "sport/tennis/+  | sport/tennis/player1/ranking  | false",
        "sport/+         | sport                         | false",
        "sport/+         | sport/                        | true",
        "+               | sport                         | true",
        "+               | /finance                      | false",
        "+/+             | /finance                      | true",
        "/+              | /finance                      | true",
        "+/tennis/#      | sport/tennis/player1          | true",
        "sport/+/player1 | sport/tennis/player1          | true",
        "sport/+/player1 | sport//player1                | true",
        "sport/+/player1 | sport/player1                 | false",
    })
    void singleLevelWildcard(String filter, String topic, boolean expected) {
        assertThat(matches(filter, topic)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" matches \"{1}\": {2}")
    @DisplayName("[MQTT-4.7.2-1] filters starting with a wildcard do not match topic names starting with '$'")
    @CsvSource(delimiter = '|', value = {
        "#                  | $SYS/monitor/Clients  | false",
        "+/monitor/Clients  | $SYS/monitor/Clients  | false",
        "+                  | $SYS                  | false",
        "+/#                | $SYS/broker           | false",
        "$SYS/#             | $SYS/monitor/Clients  | true",
        "$SYS/#             | $SYS                  | true",
        "$SYS/monitor/+     | $SYS/monitor/Clients  | true",
        "$SYS/+/Clients     | $SYS/monitor/Clients  | true",
        "a/#                | a/$SYS                | true",
        "a/+                | a/$SYS                | true",
        "#                  | a$                    | true",
    })
    void systemTopics(String filter, String topic, boolean expected) {
        assertThat(matches(filter, topic)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" matches \"{1}\": {2}")
    @DisplayName("[MQTT-4.7.3-4] levels are compared character by character: case sensitive, empty levels are real")
    @CsvSource(delimiter = '|', value = {
        "ACCOUNTS          | Accounts          | false",
        "Accounts          | Accounts          | true",
        "Accounts payable  | Accounts payable  | true",
        "/finance          | finance           | false",
        "finance           | /finance          | false",
        "a/b               | a//b              | false",
        "a/+/b             | a//b              | true",
        "a//b              | a//b              | true",
        "+/a               | /a                | true",
        "/#                | /a                | true",
        "a                 | /a                | false",
        "/                 | /                 | true",
        "+/+               | /                 | true",
        "+                 | /                 | false",
    })
    void levelsAreComparedExactly(String filter, String topic, boolean expected) {
        assertThat(matches(filter, topic)).isEqualTo(expected);
    }

    @Test
    @DisplayName("A client subscribed to both \"#\" and \"$SYS/#\" receives both kinds of topic [MQTT-4.7.2-1]")
    void bothSystemAndOrdinaryTopics() {
        TopicTree<String, String> tree = new TopicTree<>();
        tree.subscribe("#", "client", "all");
        tree.subscribe("$SYS/#", "client", "system");
        assertThat(visits(tree, "$SYS/uptime")).containsExactly("client=system");
        assertThat(visits(tree, "sport")).containsExactly("client=all");
    }

    @Test
    @DisplayName("A subscriber with two matching filters is visited once per filter [MQTT-3.3.5-1]")
    void overlappingSubscriptionsAreVisitedOncePerFilter() {
        TopicTree<String, String> tree = new TopicTree<>();
        tree.subscribe("sport/#", "alice", "any sport");
        tree.subscribe("sport/tennis/+", "alice", "tennis");
        tree.subscribe("sport/tennis/player1", "bob", "player1");
        tree.subscribe("sport/tennis/player1/#", "bob", "player1 and below");
        assertThat(visits(tree, "sport/tennis/player1")).containsExactlyInAnyOrder(
                "alice=any sport", "alice=tennis", "bob=player1", "bob=player1 and below");
    }

    @Test
    @DisplayName("Subscribing again to the same filter replaces the subscription [MQTT-3.8.4-3]")
    void subscribeReplacesAndReturnsPrevious() {
        TopicTree<String, String> tree = new TopicTree<>();
        assertThat(tree.subscribe("a/+", "client", "first")).isNull();
        assertThat(tree.subscribe("a/+", "client", "second")).isEqualTo("first");
        assertThat(tree.size()).isEqualTo(1);
        assertThat(visits(tree, "a/b")).containsExactly("client=second");
    }

    @Test
    void unsubscribeRemovesOnlyThatPairAndPrunes() {
        TopicTree<String, String> tree = new TopicTree<>();
        tree.subscribe("a/b/c", "alice", "1");
        tree.subscribe("a/b/c", "bob", "2");
        tree.subscribe("a/+/#", "alice", "3");
        assertThat(tree.unsubscribe("a/b/c", "carol")).isNull();
        assertThat(tree.unsubscribe("a/b", "alice")).isNull();
        assertThat(tree.unsubscribe("a/x/c", "alice")).isNull();
        assertThat(tree.unsubscribe("a/b/c", "alice")).isEqualTo("1");
        assertThat(visits(tree, "a/b/c")).containsExactlyInAnyOrder("bob=2", "alice=3");
        assertThat(tree.unsubscribe("a/b/c", "bob")).isEqualTo("2");
        assertThat(tree.nodeCount()).isEqualTo(3); // a, +, #
        assertThat(tree.unsubscribe("a/+/#", "alice")).isEqualTo("3");
        assertThat(tree.isEmpty()).isTrue();
        assertThat(tree.size()).isZero();
        assertThat(tree.nodeCount()).isZero();
    }

    @Test
    void aVisitorThatCallsBackIntoTheTreeFailsLoudlyAndLeavesTheTreeUsable() {
        TopicTree<String, String> tree = new TopicTree<>();
        tree.subscribe("a", "client", "value");
        assertThatThrownBy(() -> tree.match("a", (subscriber, value) -> tree.unsubscribe("a", subscriber)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(tree.size()).isEqualTo(1);
        assertThat(visits(tree, "a")).containsExactly("client=value");
    }

    @Test
    @DisplayName("Filters and topics with tens of thousands of levels match without exhausting the stack")
    void deepFiltersDoNotOverflowTheStack() {
        int levels = 30_000;
        String plusses = String.join("/", Collections.nCopies(levels, "+"));
        String topic = String.join("/", Collections.nCopies(levels, "a"));
        TopicTree<String, String> tree = new TopicTree<>();
        tree.subscribe(plusses, "client", "deep");
        tree.subscribe(topic, "client", "exact");
        tree.subscribe(plusses + "/#", "client", "deep parent");
        assertThat(visits(tree, topic)).containsExactlyInAnyOrder("client=deep", "client=exact", "client=deep parent");
        tree.unsubscribe(plusses, "client");
        tree.unsubscribe(topic, "client");
        tree.unsubscribe(plusses + "/#", "client");
        assertThat(tree.nodeCount()).isZero();
    }
}
