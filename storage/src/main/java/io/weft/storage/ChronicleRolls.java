package io.weft.storage;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.RollCycleArithmetic;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

import io.weft.core.store.JournalRoll;

/** Chronicle's roll cycle for each {@link JournalRoll}; checkpoints delete whole cycle files. */
final class ChronicleRolls {

    private ChronicleRolls() {
    }

    static RollCycle rollCycle(JournalRoll roll) {
        return switch (roll) {
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
