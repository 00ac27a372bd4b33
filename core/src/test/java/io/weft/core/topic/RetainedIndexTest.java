package io.weft.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetainedIndexTest {
    private static final List<String> TOPICS = List.of(
            "sport", "sport/", "sport/tennis", "sport/tennis/player1", "sport/tennis/player1/ranking",
            "sport/tennis/player1/score/wimbledon", "sport/tennis/player2", "sport//player1", "/finance", "finance",
            "/", "Accounts", "ACCOUNTS", "$SYS", "$SYS/monitor/Clients", "$SYS/broker/uptime", "a/$SYS");

    private static RetainedIndex<String> index() {
        RetainedIndex<String> index = new RetainedIndex<>();
        for (String topic : TOPICS) {
            index.put(topic, "message on " + topic);
        }
        return index;
    }

    private static List<String> matching(RetainedIndex<String> index, String filter) {
        List<String> topics = new ArrayList<>();
        index.matching(filter, (topic, value) -> {
            assertThat(value).isEqualTo("message on " + topic);
            topics.add(topic);
        });
        return topics;
    }

    @Test
    @DisplayName("4.7.1.2 '#' matches the parent level and every level below it")
    void multiLevelWildcard() {
        RetainedIndex<String> index = index();
        assertThat(matching(index, "sport/tennis/player1/#")).containsExactlyInAnyOrder(
                "sport/tennis/player1", "sport/tennis/player1/ranking", "sport/tennis/player1/score/wimbledon");
        assertThat(matching(index, "sport/#")).containsExactlyInAnyOrder(
                "sport", "sport/", "sport/tennis", "sport/tennis/player1", "sport/tennis/player1/ranking",
                "sport/tennis/player1/score/wimbledon", "sport/tennis/player2", "sport//player1");
        assertThat(matching(index, "sport/tennis/player3/#")).isEmpty();
    }

    @Test
    @DisplayName("4.7.1.3 '+' matches exactly one level, including an empty one")
    void singleLevelWildcard() {
        RetainedIndex<String> index = index();
        assertThat(matching(index, "sport/tennis/+"))
                .containsExactlyInAnyOrder("sport/tennis/player1", "sport/tennis/player2");
        assertThat(matching(index, "sport/+")).containsExactlyInAnyOrder("sport/", "sport/tennis");
        assertThat(matching(index, "+/+"))
                .containsExactlyInAnyOrder("sport/", "sport/tennis", "/finance", "/", "a/$SYS");
        assertThat(matching(index, "/+")).containsExactlyInAnyOrder("/finance", "/");
        assertThat(matching(index, "+")).containsExactlyInAnyOrder("sport", "finance", "Accounts", "ACCOUNTS");
        assertThat(matching(index, "sport/+/player1")).containsExactlyInAnyOrder(
                "sport/tennis/player1", "sport//player1");
    }

    @Test
    @DisplayName("[MQTT-4.7.2-1] '#' and '+' as first level do not match '$' topics; \"$SYS/#\" does")
    void systemTopics() {
        RetainedIndex<String> index = index();
        assertThat(matching(index, "#")).hasSize(TOPICS.size() - 3).doesNotContain("$SYS").contains("a/$SYS");
        assertThat(matching(index, "+/monitor/Clients")).isEmpty();
        assertThat(matching(index, "+/#")).doesNotContain("$SYS", "$SYS/monitor/Clients", "$SYS/broker/uptime");
        assertThat(matching(index, "$SYS/#"))
                .containsExactlyInAnyOrder("$SYS", "$SYS/monitor/Clients", "$SYS/broker/uptime");
        assertThat(matching(index, "$SYS/monitor/+")).containsExactly("$SYS/monitor/Clients");
        assertThat(matching(index, "a/+")).containsExactly("a/$SYS");
    }

    @Test
    @DisplayName("[MQTT-4.7.3-4] exact filters are compared character by character")
    void exactFilters() {
        RetainedIndex<String> index = index();
        assertThat(matching(index, "Accounts")).containsExactly("Accounts");
        assertThat(matching(index, "accounts")).isEmpty();
        assertThat(matching(index, "sport/tennis")).containsExactly("sport/tennis");
        assertThat(matching(index, "sport/tennis/player1/")).isEmpty();
        assertThat(matching(index, "/")).containsExactly("/");
    }

    @Test
    void putReplacesGetFindsAndRemovePrunes() {
        RetainedIndex<String> index = new RetainedIndex<>();
        assertThat(index.put("a/b", "1")).isNull();
        assertThat(index.put("a/b", "2")).isEqualTo("1");
        assertThat(index.put("a", "3")).isNull();
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.get("a/b")).isEqualTo("2");
        assertThat(index.get("a/")).isNull();
        assertThat(index.get("a/b/c")).isNull();
        assertThat(index.remove("a/b/c")).isNull();
        assertThat(index.remove("a")).isEqualTo("3");
        assertThat(index.nodeCount()).isEqualTo(2); // "a" still leads to "a/b"
        assertThat(index.remove("a")).isNull();
        assertThat(index.remove("a/b")).isEqualTo("2");
        assertThat(index.isEmpty()).isTrue();
        assertThat(index.nodeCount()).isZero();
    }

    @Test
    @DisplayName("Topics with tens of thousands of levels are matched by '#' without exhausting the stack")
    void deepTopicsDoNotOverflowTheStack() {
        String topic = String.join("/", Collections.nCopies(30_000, ""));
        RetainedIndex<String> index = new RetainedIndex<>();
        index.put(topic, "message on " + topic);
        assertThat(matching(index, "#")).containsExactly(topic);
        assertThat(index.remove(topic)).isNotNull();
        assertThat(index.nodeCount()).isZero();
    }
}
