package io.weft.core.dispatch;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Shared by the ring's producers (connection readers), which signal, and its stage threads, which wait.
 * Unlike the Disruptor's blocking strategies, it also parks a stage that waits for the stage before it:
 * those spin on the upstream sequence, and with the broker on one core a spinning route thread only
 * steals time from the persist thread it waits for (the first profile showed half the CPU going there).
 * An upstream stage signals after it advances its sequence (see {@link PersistStage}).
 * <p>
 * A signal takes the lock only when a stage asked for one, and only the first signaller does: the waiter
 * sets the request before it re-reads the sequence, the signaller fences after writing the sequence and
 * before reading the request (Dekker), so one of the two always sees the other. One signalAll wakes every
 * parked stage; each re-checks and asks again if it still has to wait.
 */
final class ParkingWaitStrategy implements WaitStrategy {

    /**
     * The stages are virtual threads: a few yields let the readers on the same carrier publish the rest of
     * a burst before the stage parks (spinning there would only keep them from running).
     */
    private static final int SPINS = 3;

    /** Repeats of one sequence after which a stage parks instead of yielding (see {@link #waitFor}). */
    private static final int YIELDS_BEFORE_PARKING = 8;
    private static final long CLAIMED_SLOT_PARK_NANOS = 20_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final AtomicBoolean signalNeeded = new AtomicBoolean();
    /** Per stage thread: the sequence it last asked for and how many times in a row. */
    private final ThreadLocal<long[]> lastAsked = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE, 0});

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException {
        giveWayToClaimant(sequence);
        long available;
        for (int spin = 0; spin < SPINS; spin++) {
            if ((available = dependentSequence.get()) >= sequence) {
                return available;
            }
            barrier.checkAlert();
            Thread.yield();
        }
        lock.lock();
        try {
            while (true) {
                // Asked for before the re-read: a signaller that advanced first is seen here, one that
                // advances later sees the request (both sides fence between their write and their read).
                signalNeeded.getAndSet(true);
                if ((available = dependentSequence.get()) >= sequence) {
                    break;
                }
                barrier.checkAlert();
                // Untimed: a timed park of a virtual thread goes through the JDK's delay scheduler thread.
                advanced.await();
            }
        } finally {
            lock.unlock();
        }
        return available;
    }

    /**
     * A stage asking again at once for the sequence it just asked for got an empty batch: the slot is claimed
     * but not yet published. Its producer may be a virtual thread waiting for a carrier — in the Disruptor 4
     * a producer claims its slot before it waits for room — and on one carrier (one core, a CPU quota of one)
     * a stage that keeps asking never lets it run: a livelock, seen under a QoS 0 flood that filled the ring.
     * So the stage yields, and after a few yields parks briefly, which frees the carrier whatever the
     * scheduler's queue order.
     */
    private void giveWayToClaimant(long sequence) {
        long[] last = lastAsked.get();
        if (last[0] != sequence) {
            last[0] = sequence;
            last[1] = 0;
            return;
        }
        if (++last[1] < YIELDS_BEFORE_PARKING) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(CLAIMED_SLOT_PARK_NANOS);
        }
    }

    @Override
    public void signalAllWhenBlocking() {
        VarHandle.fullFence();
        // Only the first signaller after a request takes the lock: many readers publishing at once
        // contended on it (the second profile).
        if (signalNeeded.get() && signalNeeded.getAndSet(false)) {
            lock.lock();
            try {
                advanced.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
