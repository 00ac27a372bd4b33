package io.weft.core.store;

import java.time.Duration;
import java.util.Arrays;

/**
 * How often the journal starts a new file ({@code storage.roll}): files before the last checkpoint are
 * deleted whole, so a shorter roll keeps less disk under a heavy load and checkpoints more often.
 */
public enum JournalRoll {
    /** For tests. */
    SECONDLY("secondly", Duration.ofSeconds(1)),
    MINUTELY("minutely", Duration.ofMinutes(1)),
    FIVE_MINUTELY("five-minutely", Duration.ofMinutes(5)),
    HOURLY("hourly", Duration.ofHours(1)),
    DAILY("daily", Duration.ofDays(1));

    private final String configName;
    private final Duration length;

    JournalRoll(String configName, Duration length) {
        this.configName = configName;
        this.length = length;
    }

    public String configName() {
        return configName;
    }

    public Duration length() {
        return length;
    }

    public static JournalRoll parse(String name) {
        return Arrays.stream(values()).filter(value -> value.configName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("one of secondly, minutely, five-minutely, hourly, daily"));
    }
}
