package io.weft.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "a/#", "a/+", "+/+", "/+", "+/", "a/+/b", "/", "//", "$SYS/#", "a b/c",
        "$share/group/a/#", "$share/g/+", "$share/g//"})
    @DisplayName("[MQTT-4.7.1-2] [MQTT-4.7.1-3] valid topic filters")
    void validFilters(String filter) {
        assertThat(TopicValidation.isValidTopicFilter(filter)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a#", "a/#/b", "#/", "a/b#", "a+", "+a", "a/+b", "a/b+/c", "##", "a\u0000b",
        "$share/", "$share/g", "$share/g/", "$share//a", "$share/+/a", "$share/g#/a"})
    @DisplayName("[MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-4.7.3-1] [MQTT-4.8.2-1] [MQTT-4.8.2-2] invalid topic filters")
    void invalidFilters(String filter) {
        assertThat(TopicValidation.isValidTopicFilter(filter)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/+", "#", "a/#", "+", "a\u0000"})
    @DisplayName("[MQTT-3.3.2-2] [MQTT-4.7.3-1] invalid topic names")
    void invalidNames(String name) {
        assertThat(TopicValidation.isValidTopicName(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "/", "a/b", "$SYS/x", " ", "ünïcødé/🙂"})
    @DisplayName("valid topic names")
    void validNames(String name) {
        assertThat(TopicValidation.isValidTopicName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {65535, 65536})
    @DisplayName("[MQTT-4.7.3-3] names and filters are at most 65535 bytes")
    void maximumLength(int length) {
        String text = "a".repeat(length);
        assertThat(TopicValidation.isValidTopicName(text)).isEqualTo(length <= 65535);
        assertThat(TopicValidation.isValidTopicFilter(text)).isEqualTo(length <= 65535);
    }

    @DisplayName("shared subscriptions: share name and filter")
    @ParameterizedTest
    @ValueSource(strings = {"$share/g/a/b"})
    void sharedParts(String filter) {
        assertThat(TopicValidation.isSharedSubscription(filter)).isTrue();
        assertThat(TopicValidation.shareName(filter)).isEqualTo("g");
        assertThat(TopicValidation.withoutShare(filter)).isEqualTo("a/b");
        assertThat(TopicValidation.isSharedSubscription("$sharex/g/a")).isFalse();
        assertThat(TopicValidation.withoutShare("a/b")).isEqualTo("a/b");
    }

    @Provide
    Arbitrary<String> filters() {
        return Arbitraries.strings().withChars('a', '/', '+', '#').ofMaxLength(8);
    }

    @Property(tries = 3000)
    @Label("filter validation agrees with a naive level-by-level reference")
    void agreesWithReference(@ForAll("filters") String filter) {
        assertThat(TopicValidation.isValidTopicFilter(filter)).isEqualTo(referenceIsValidFilter(filter));
    }

    /** Split into levels: '#' only as the whole last level, '+' only as a whole level. */
    private static boolean referenceIsValidFilter(String filter) {
        if (filter.isEmpty()) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int index = 0; index < levels.length; index++) {
            String level = levels[index];
            if (level.contains("#") && !(level.equals("#") && index == levels.length - 1)) {
                return false;
            }
            if (level.contains("+") && !level.equals("+")) {
                return false;
            }
        }
        return Arrays.stream(levels).allMatch(level -> level.indexOf('\0') < 0);
    }
}
