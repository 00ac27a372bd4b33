package io.weft.core.dispatch;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.junit.jupiter.api.RepeatedTest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Producers publish in bursts with pauses, so both stages park again and again; the strategy parks without
 * a timeout, so a single lost wake-up leaves a stage parked and the run misses its deadline.
 */
class ParkingWaitStrategyStressTest {

    private static final int PRODUCERS = 4;
    private static final int BURSTS = 300;
    private static final int BURST = 7;
    private static final int TOTAL = PRODUCERS * BURSTS * BURST;

    static final class Event {
        long value;
    }

    /** Mirrors PersistStage: advances its own sequence at the end of a batch and signals. */
    static final class FirstStage implements EventHandler<Event> {
        private final ParkingWaitStrategy strategy;
        private final AtomicLong seen = new AtomicLong();
        private Sequence progress;

        FirstStage(ParkingWaitStrategy strategy) {
            this.strategy = strategy;
        }

        @Override
        public void setSequenceCallback(Sequence sequenceCallback) {
            progress = sequenceCallback;
        }

        @Override
        public void onEvent(Event event, long sequence, boolean endOfBatch) {
            seen.incrementAndGet();
            if (endOfBatch) {
                progress.set(sequence);
                strategy.signalAllWhenBlocking();
            }
        }
    }

    @RepeatedTest(5)
    void everyEventReachesTheSecondStage() throws Exception {
        ParkingWaitStrategy strategy = new ParkingWaitStrategy();
        Disruptor<Event> disruptor = new Disruptor<>(Event::new, 64,
                Thread.ofPlatform().daemon(true).factory(), ProducerType.MULTI, strategy);
        FirstStage first = new FirstStage(strategy);
        CountDownLatch done = new CountDownLatch(TOTAL);
        AtomicLong sum = new AtomicLong();
        disruptor.handleEventsWith(first).then((event, sequence, endOfBatch) -> {
            sum.addAndGet(event.value);
            done.countDown();
        });
        RingBuffer<Event> ring = disruptor.start();
        try {
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                producers.add(Thread.ofVirtual().start(() -> {
                    for (int burst = 0; burst < BURSTS; burst++) {
                        for (int i = 0; i < BURST; i++) {
                            ring.publishEvent((event, sequence) -> event.value = 1);
                        }
                        LockSupport.parkNanos(20_000); // let both stages run dry and park
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (Thread producer : producers) {
                producer.join(java.time.Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            assertThat(done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))
                    .as("events left un-routed: %d (a lost wake-up)", done.getCount()).isTrue();
            assertThat(sum.get()).isEqualTo(TOTAL);
            assertThat(first.seen.get()).isEqualTo(TOTAL);
        } finally {
            disruptor.halt();
        }
    }
}
