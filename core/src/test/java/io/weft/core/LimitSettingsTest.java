package io.weft.core;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LimitSettingsTest {

    @Test
    @DisplayName("a session's byte limit is at most an eighth of the queued-memory budget, so one stalled client cannot take it all")
    void sessionByteLimitIsCappedByTheBudget() {
        assertThat(limits(64L << 20, 32L << 20).effectiveMaximumQueuedBytes()).isEqualTo(4L << 20);
        assertThat(limits(1L << 20, 32L << 20).effectiveMaximumQueuedBytes()).isEqualTo(1L << 20);
        assertThat(limits(0, 32L << 20).effectiveMaximumQueuedBytes()).as("0 stays no limit").isZero();
    }

    @Test
    @DisplayName("a queued-memory budget of 0 means a quarter of the maximum heap")
    void budgetDefaultsToAQuarterOfTheHeap() {
        assertThat(limits(64L << 20, 0).effectiveQueuedMemory()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    }

    private static LimitSettings limits(long sessionBytes, long budget) {
        return new LimitSettings(0, 0, 0, 0, 0, Duration.ofSeconds(60), sessionBytes, QueueOverflowPolicy.DROP_OLDEST,
                budget);
    }
}
