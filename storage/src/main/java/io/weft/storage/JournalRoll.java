package io.weft.storage;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.RollCycleArithmetic;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How often the journal starts a new cycle file. Checkpoints delete whole cycle files, so a shorter cycle
 * frees disk sooner. {@code secondly} is for tests.
 */
public enum JournalRoll {
    SECONDLY("secondly"),
    MINUTELY("minutely"),
    FIVE_MINUTELY("five-minutely"),
    HOURLY("hourly"),
    DAILY("daily");

    private final String configName;

    JournalRoll(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static JournalRoll parse(String name) {
        for (JournalRoll roll : values()) {
            if (roll.configName.equals(name)) {
                return roll;
            }
        }
        throw new IllegalArgumentException("unknown journal roll '" + name + "'; accepted: "
                + Arrays.stream(values()).map(JournalRoll::configName).collect(Collectors.joining(", ")));
    }

    RollCycle rollCycle() {
        return switch (this) {
            case SECONDLY -> TestRollCycles.TEST_SECONDLY;
            case MINUTELY -> MinutelyCycle.MINUTELY;
            case FIVE_MINUTELY -> RollCycles.FIVE_MINUTELY;
            case HOURLY -> RollCycles.FAST_HOURLY;
            case DAILY -> RollCycles.FAST_DAILY;
        };
    }

    /** Chronicle 2026.4 has no minutely cycle; room for 2^30 messages a minute. */
    enum MinutelyCycle implements RollCycle {
        MINUTELY;

        private final RollCycleArithmetic arithmetic = RollCycleArithmetic.of(4 << 10, 64);

        @Override
        public String format() {
            return "yyyyMMdd-HHmm";
        }

        @Override
        public int lengthInMillis() {
            return 60_000;
        }

        @Override
        public int defaultIndexCount() {
            return arithmetic.indexCount();
        }

        @Override
        public int defaultIndexSpacing() {
            return arithmetic.indexSpacing();
        }

        @Override
        public long toIndex(int cycle, long sequenceNumber) {
            return arithmetic.toIndex(cycle, sequenceNumber);
        }

        @Override
        public long toSequenceNumber(long index) {
            return arithmetic.toSequenceNumber(index);
        }

        @Override
        public int toCycle(long index) {
            return arithmetic.toCycle(index);
        }

        @Override
        public long maxMessagesPerCycle() {
            return arithmetic.maxMessagesPerCycle();
        }
    }
}
