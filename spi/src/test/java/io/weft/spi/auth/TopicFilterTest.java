package io.weft.spi.auth;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Worked examples; {@link TopicFilterPropertiesTest} compares the same answers with naive references. */
class TopicFilterTest {

    private static TopicFilter filter(String text) {
        return TopicFilter.parse(text);
    }

    @ParameterizedTest(name = "''{0}'': {1}")
    @DisplayName("[MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-4.7.3-1] malformed filters are refused, naming the rule")
    @CsvSource(delimiter = '|', value = {
            "''       | a topic filter must not be empty [MQTT-4.7.3-1]",
            "a/#/b    | '#' must be a whole level and the last one in 'a/#/b' ([MQTT-4.7.1-2] in 3.1.1, "
                    + "[MQTT-4.7.1-1] in 5.0)",
            "a#       | '#' must be a whole level and the last one in 'a#' ([MQTT-4.7.1-2] in 3.1.1",
            "#a       | '#' must be a whole level and the last one in '#a'",
            "a/b#     | '#' must be a whole level and the last one in 'a/b#'",
            "#/       | '#' must be a whole level and the last one in '#/'",
            "a+       | '+' must be a whole level in 'a+' ([MQTT-4.7.1-3] in 3.1.1, [MQTT-4.7.1-2] in 5.0)",
            "+a/b     | '+' must be a whole level in '+a/b'",
            "a/+b     | '+' must be a whole level in 'a/+b'",
            "a/++     | '+' must be a whole level in 'a/++'"})
    void malformedFiltersAreRefusedNamingTheRule(String text, String problem) {
        assertThatThrownBy(() -> TopicFilter.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(problem);
        assertThat(TopicFilter.isValid(text)).isFalse();
    }

    @Test
    @DisplayName("[MQTT-4.7.3-2] a filter with U+0000 is refused, with where it is")
    void aNulCharacterIsRefused_MQTT_4_7_3_2() {
        assertThatThrownBy(() -> TopicFilter.parse("nul\u0000level")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a topic filter must not contain U+0000, found at index 3 [MQTT-4.7.3-2]");
        assertThat(TopicFilter.isValid(null)).isFalse();
    }

    @Test
    @DisplayName("[MQTT-4.7.3-3] is the broker's: a filter a plugin builds may be longer than a client may send")
    void theLengthIsNotLimited() {
        String longLevel = "\u20ac".repeat(30_000); // 90,000 bytes in UTF-8
        assertThat(filter("devices/" + longLevel + "/#").matches("devices/" + longLevel)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "a/+/b/#", "/", "//", "+/+", "/#", "$SYS/#", "a b/c", "devices/%c/in",
            "$share/group/a/#", "\u00fcber/+"})
    void wellFormedFiltersParse(String text) {
        assertThat(TopicFilter.isValid(text)).isTrue();
        assertThat(filter(text).text()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @DisplayName("[MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-4.7.3-1] filter matches topic name")
    @CsvSource(delimiter = '|', value = {
            "sport/tennis/player1/# | sport/tennis/player1                | true",
            "sport/tennis/player1/# | sport/tennis/player1/ranking        | true",
            "sport/tennis/player1/# | sport/tennis/player1/score/wimbledon | true",
            "sport/#                | sport                               | true",   // '#' matches the parent too
            "sport/tennis/+         | sport/tennis/player1                | true",
            "sport/tennis/+         | sport/tennis/player1/ranking        | false",
            "sport/+                | sport                               | false",
            "sport/+                | sport/                              | true",   // '+' matches an empty level
            "+/+                    | /finance                            | true",
            "/+                     | /finance                            | true",
            "+                      | /finance                            | false",
            "+                      | /                                   | false",
            "'#'                    | /                                   | true",
            "a//b                   | a//b                                | true",
            "a//b                   | a/b                                 | false",
            "a/b                    | a/bc                                | false",
            "a/bc                   | a/b                                 | false",
            "a/b                    | A/b                                 | false",  // case sensitive
            "a/b                    | a/b/                                | false",
            "a/b/#                  | a/b/                                | true",
            "'#'                    | ''                                  | false"}) // no topic [MQTT-4.7.3-1]
    void matchesTopicNames(String text, String topic, boolean expected) {
        assertThat(filter(text).matches(topic)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @DisplayName("[MQTT-4.7.2-1] a filter starting with a wildcard does not match topics starting with '$'")
    @CsvSource(delimiter = '|', value = {
            "'#'        | $SYS/uptime      | false",
            "+/uptime   | $SYS/uptime      | false",
            "+/#        | $SYS             | false",
            "$SYS/#     | $SYS/uptime      | true",
            "$SYS/+     | $SYS/uptime      | true",
            "a/+        | a/$b             | true",   // only the first level is special
            "'#'        | a$               | true"})
    void aLeadingWildcardDoesNotMatchDollarTopics_MQTT_4_7_2_1(String text, String topic, boolean expected) {
        assertThat(filter(text).matches(topic)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @DisplayName("[MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-4.7.2-1] filter covers filter")
    @CsvSource(delimiter = '|', value = {
            "a/b          | a/b              | true",
            "a/b          | a/c              | false",
            "a/b          | a/+              | false",
            "a//b         | a//b             | true",
            "+/b          | a/b              | true",
            "'#'          | a/b/c            | true",
            "'#'          | a/#              | true",
            "a/#          | a/b/c            | true",
            "'#'          | '#'              | true",
            "'#'          | +/x/#            | true",
            "+/#          | '#'              | true",   // every topic has a first level; neither reaches '$'
            "+/+/#        | '#'              | false",  // '#' matches 'a'
            "/+/#         | /#               | true",   // '/#' matches '/x...', and '' is no topic
            "+/+/#        | /#               | true",   // '/#' matches two levels or more, never '' alone
            "+/+/#        | +/#              | false",  // '+/#' matches 'a'
            "a/#          | a                | true",   // '#' matches the parent level too
            "a/#          | a/#              | true",
            "a/#          | a/+/b            | true",
            "a/+/#        | a/b              | true",
            "a/+/#        | a/#              | false",  // 'a/#' matches 'a'
            "a/b/#        | a/#              | false",
            "a/+          | a/b              | true",
            "a/+          | a/+              | true",
            "a/+          | a/#              | false",
            "a/+          | a                | false",
            "a/+          | a/+/+            | false",
            "a/+          | a/b/c            | false",
            "a/+/b        | a/x/b            | true",
            "a/x/b        | a/+/b            | false",
            "a/+/c        | a/+/+            | false",
            "a/b          | a/b/c            | false",
            "a/b/c        | a/b              | false",
            "+/+          | a/b              | true",
            "a//b         | a/+/b            | false",
            "a/+/b        | a//b             | true",   // '+' matches an empty level
            "devices/d1/# | devices/+/status | false",
            "'#'          | $SYS/x           | false",  // [MQTT-4.7.2-1]
            "'#'          | $SYS/#           | false",
            "+/x          | $SYS/x           | false",
            "+/#          | $SYS/#           | false",
            "+/#          | $SYS/a           | false",
            "+/#          | $share/x         | false",
            "$SYS/#       | $SYS/+/x         | true",
            "$SYS/#       | $SYS             | true",
            "$SYS/#       | '#'              | false"})
    void coversWhatEveryTopicItMatches(String outer, String inner, boolean expected) {
        assertThat(filter(outer).covers(filter(inner))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} overlaps {1}: {2}")
    @DisplayName("[MQTT-4.7.2-1] [MQTT-4.7.3-1] filters overlap when some topic matches both")
    @CsvSource(delimiter = '|', value = {
            "secret/#  | '#'       | true",
            "secret/#  | +/x       | true",   // secret/x
            "secret/#  | public/#  | false",
            "secret    | secret/#  | true",   // secret/# matches secret
            "a/+/c     | a/b/+     | true",
            "a/b/c     | a/b       | false",
            "a/+       | +/b       | true",
            "/#        | +         | false",  // '/#' needs a '/'; '+' has none, and '' is no topic
            "/#        | +/#       | true",
            "$SYS/#    | '#'       | false",
            "$SYS/#    | +/x       | false",
            "$SYS/x    | $SYS/+    | true",
            "a/b       | a/b       | true"})
    void overlapsWhenSomeTopicMatchesBoth(String first, String second, boolean expected) {
        assertThat(filter(first).overlaps(filter(second))).isEqualTo(expected);
        assertThat(filter(second).overlaps(filter(first))).isEqualTo(expected);
    }

    @Test
    void equalFiltersHaveEqualTexts() {
        assertThat(filter("a/+/#")).isEqualTo(filter("a/+/#")).hasSameHashCodeAs(filter("a/+/#"))
                .hasToString("a/+/#");
        assertThat(filter("#")).isNotEqualTo(filter("+/#")); // the same topics, but other texts
        assertThat(filter("#").covers(filter("+/#"))).isTrue();
        assertThat(filter("+/#").covers(filter("#"))).isTrue();
    }

    @Test
    void matchingAllocatesNothing() {
        assumeThat(ManagementFactory.getThreadMXBean()).isInstanceOf(ThreadMXBean.class);
        ThreadMXBean allocations = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeThat(allocations.isThreadAllocatedMemorySupported()).isTrue();
        allocations.setThreadAllocatedMemoryEnabled(true);
        TopicFilter[] filters = {filter("sensors/+/temperature"), filter("sensors/#"), filter("+/+/x"), filter("#")};
        String topic = "sensors/kitchen/temperature";
        int matches = run(filters, topic, 1_000); // warm up
        long before = allocations.getCurrentThreadAllocatedBytes();
        matches += run(filters, topic, 10_000);
        long allocated = allocations.getCurrentThreadAllocatedBytes() - before;

        assertThat(matches).isEqualTo(3 * 11_000);
        assertThat(allocated).as("bytes allocated by 40,000 matches").isLessThan(10_000);
    }

    private static int run(TopicFilter[] filters, String topic, int times) {
        int matches = 0;
        for (int time = 0; time < times; time++) {
            for (TopicFilter filter : filters) {
                matches += filter.matches(topic) ? 1 : 0;
            }
        }
        return matches;
    }
}
