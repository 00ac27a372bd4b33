package io.weft.distribution.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueTypeTest {

    private final ValueType<Integer> size = ValueType.size(16, 268_435_460);
    private final ValueType<Duration> duration = ValueType.duration();

    @ParameterizedTest
    @CsvSource({"1048576, 1048576", "16, 16", "64KiB, 65536", "1MiB, 1048576", "1 MiB, 1048576",
            "1mib, 1048576", "256MiB, 268435456", "100B, 100"})
    void sizesAreBytesOrBinaryUnits(String text, int bytes) {
        assertThat(size.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"big", "", "-1", "1.5MiB", "1MB", "0x10", "1 KiBs"})
    void malformedSizesSayWhatIsExpected(String text) {
        assertThatThrownBy(() -> size.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a size like 1048576 or 1MiB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"15", "1GiB", "999999999999999999GiB"})
    void sizesOutOfRangeNameTheRange(String text) {
        assertThatThrownBy(() -> size.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a size from 16 bytes to 268435460 bytes");
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "10s, PT10S", "2m, PT2M", "1h, PT1H", "90s, PT1M30S"})
    void durationsTakeAUnit(String text, Duration expected) {
        assertThat(duration.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "0s", "10S", "ten seconds", "-1s", "1d", "999999999999999999h"})
    void badDurationsSayWhatIsExpected(String text) {
        assertThatThrownBy(() -> duration.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a positive duration like 500ms, 10s, 2m or 1h");
    }

    @Test
    void defaultsPrintInTheLargestExactUnit() {
        assertThat(size.print(1_048_576)).isEqualTo("1MiB");
        assertThat(size.print(65_536)).isEqualTo("64KiB");
        assertThat(size.print(1000)).isEqualTo("1000");
        assertThat(duration.print(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(duration.print(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(duration.print(Duration.ofMinutes(120))).isEqualTo("2h");
    }

    @Test
    void printedValuesParseBack() {
        for (int bytes : new int[] {16, 1000, 65_536, 1_048_576, 268_435_460}) {
            assertThat(size.parse(size.print(bytes))).isEqualTo(bytes);
        }
        for (Duration value : new Duration[] {Duration.ofMillis(1), Duration.ofMillis(1500), Duration.ofHours(3)}) {
            assertThat(duration.parse(duration.print(value))).isEqualTo(value);
        }
    }

    @Test
    void integersPortsAndPowersOfTwoCheckTheirRange() {
        assertThat(ValueType.port().parse("0")).isZero();
        assertThat(ValueType.port().parse("65535")).isEqualTo(65535);
        assertThatThrownBy(() -> ValueType.port().parse("70000")).hasMessage("a port number from 0 to 65535");
        assertThat(ValueType.integer(1, 10).parse(" 7 ")).isEqualTo(7);
        assertThatThrownBy(() -> ValueType.integer(1, 10).parse("0")).hasMessage("a whole number from 1 to 10");
        assertThatThrownBy(() -> ValueType.integer(0, Integer.MAX_VALUE).parse("3000000000"))
                .hasMessage("a whole number from 0 up");
        assertThat(ValueType.powerOfTwo(2, 1024).parse("1024")).isEqualTo(1024);
        assertThatThrownBy(() -> ValueType.powerOfTwo(2, 1024).parse("1000"))
                .hasMessage("a power of two from 2 to 1024");
    }

    @Test
    void anOptionalPortIsAPortOrOff() {
        ValueType<Integer> type = ValueType.optionalPort(-1);
        assertThat(type.parse("off")).isEqualTo(-1);
        assertThat(type.parse("0")).isZero();
        assertThat(type.parse("9400")).isEqualTo(9400);
        assertThat(type.print(-1)).isEqualTo("off");
        assertThat(type.print(9400)).isEqualTo("9400");
        assertThatThrownBy(() -> type.parse("-1")).hasMessage("a port number from 0 to 65535, or off");
        assertThatThrownBy(() -> type.parse("65536")).hasMessage("a port number from 0 to 65535, or off");
    }

    @Test
    void textAndPathsMustNotBeEmpty() {
        assertThat(ValueType.path().parse("./data")).isEqualTo(Path.of("./data"));
        assertThatThrownBy(() -> ValueType.path().parse(" ")).hasMessage("a directory path");
        assertThatThrownBy(() -> ValueType.text("address", "an address").parse("")).hasMessage("an address");
    }
}
