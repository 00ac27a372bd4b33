package io.weft.plugins.authfile;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TopicFiltersTest {

    private static boolean covers(String outer, String inner) {
        return TopicFilters.covers(TopicFilters.levels(outer), TopicFilters.levels(inner));
    }

    private static boolean overlaps(String first, String second) {
        return TopicFilters.overlaps(TopicFilters.levels(first), TopicFilters.levels(second));
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @DisplayName("[MQTT-4.7.1-2] [MQTT-4.7.2-1] filter covers filter")
    @CsvSource(delimiter = '|', value = {
            "'#' | a/b/c | true",
            "'#' | '#' | true",
            "+/# | '#' | true",   // '#' matches one level or more; so does '+/#'
            "+/+/# | '#' | false",  // '#' matches 'a', '+/+/#' does not
            "a/# | a | true",   // '#' also matches the parent level
            "a/+ | a/# | false",
            "a/# | a/+/b | true",
            "a/+/b | a/+/b | true",
            "a/+/b | a/x/b | true",
            "a/x/b | a/+/b | false",
            "a/+ | a/+/+ | false",
            "a/+/# | a/# | false",  // 'a/#' matches 'a'
            "a/b | a/b/c | false",
            "a/b/c | a/b | false",
            "'#' | $SYS/x | false",  // a leading wildcard does not match '$' topics
            "+/x | $SYS/x | false",
            "$SYS/# | $SYS/+/x | true",
            "$SYS/# | $SYS | true",
            "+/# | $SYS/# | false",
            "a//b | a/+/b | false",
            "a/+/b | a//b | true",   // '+' matches an empty level
    })
    void covers(String outer, String inner, boolean expected) {
        assertThat(covers(outer, inner)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} overlaps {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "secret/# | '#' | true",
            "secret/# | +/x | true",   // secret/x
            "secret/# | public/# | false",
            "secret | secret/# | true",   // secret/# matches secret
            "a/+/c | a/b/+ | true",
            "a/b/c | a/b | false",
            "$SYS/# | '#' | false",
            "$SYS/# | +/x | false",
            "$SYS/x | $SYS/+ | true",
            "a/+ | +/b | true",
    })
    void overlaps(String first, String second, boolean expected) {
        assertThat(overlaps(first, second)).isEqualTo(expected);
        assertThat(overlaps(second, first)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("[MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.3-1] filter syntax")
    @CsvSource(delimiter = '|', value = {
            "a/#/b | must be a whole level and the last one",
            "a/b# | must be a whole level and the last one",
            "a/b+ | must be a whole level",
    })
    void invalidFilters(String filter, String problem) {
        assertThat(TopicFilters.problem(filter)).contains(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "a/+/b/#", "/", "$SYS/#", "a b/c"})
    void validFilters(String filter) {
        assertThat(TopicFilters.problem(filter)).isNull();
    }
}
