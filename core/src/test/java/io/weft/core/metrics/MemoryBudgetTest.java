package io.weft.core.metrics;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker-wide account of queued bytes: exact under concurrency, and a bounded wait while exceeded. */
class MemoryBudgetTest {

    private static final int THREADS = 8;
    private static final int OPERATIONS = 50_000;

    @Test
    @DisplayName("threads that add and release concurrently leave exactly what they still hold in the account")
    void concurrentAddsAndReleasesBalance() throws Exception {
        MemoryBudget budget = new MemoryBudget(1L << 40);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Long>> held = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            long seed = thread;
            CompletableFuture<Long> stillHeld = new CompletableFuture<>();
            held.add(stillHeld);
            Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    SplittableRandom random = new SplittableRandom(seed);
                    // A queue of sizes, as a session holds copies: added when queued, released when done.
                    ArrayDeque<Integer> queue = new ArrayDeque<>();
                    long holding = 0;
                    for (int i = 0; i < OPERATIONS; i++) {
                        if (queue.isEmpty() || random.nextInt(3) > 0) {
                            int bytes = random.nextInt(1, 4096);
                            queue.addLast(bytes);
                            budget.add(bytes);
                            holding += bytes;
                        } else {
                            int bytes = queue.pollFirst();
                            budget.release(bytes);
                            holding -= bytes;
                        }
                    }
                    stillHeld.complete(holding);
                } catch (Throwable failure) {
                    stillHeld.completeExceptionally(failure);
                }
            });
        }
        start.countDown();
        long expected = 0;
        for (CompletableFuture<Long> stillHeld : held) {
            expected += stillHeld.get(30, TimeUnit.SECONDS);
        }
        assertThat(expected).as("the random walk holds something at the end").isPositive();
        assertThat(budget.usedBytes()).isEqualTo(expected);
        assertThat(budget.exceeded()).isFalse();
    }

    @Test
    @DisplayName("a waiter over the budget gets room as soon as another thread releases enough")
    void awaitRoomReturnsOnceReleased() throws Exception {
        MemoryBudget budget = new MemoryBudget(1_000);
        budget.add(1_500);
        assertThat(budget.exceeded()).isTrue();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> room = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            waiting.countDown();
            room.complete(budget.awaitRoom(TimeUnit.SECONDS.toNanos(30)));
        });
        waiting.await();
        budget.release(600);
        assertThat(room.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @DisplayName("the wait is bounded: still over the budget after it, the answer is no room")
    void awaitRoomGivesUpAfterItsBound() {
        MemoryBudget budget = new MemoryBudget(1_000);
        budget.add(1_001);
        assertThat(budget.awaitRoom(TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
        budget.release(1);
        assertThat(budget.awaitRoom(0)).as("exactly at the budget is within it").isTrue();
    }
}
