package io.weft.core.net;

/**
 * Owned by one thread, or used under its owner's lock: a token bucket of {@code perSecond} tokens a second
 * holding at most one second's worth, kept as one number (the time its debt is paid off, as in GCRA) so
 * that a charge is a clock value, an add and a compare.
 */
public final class TokenBucket {

    private static final long SECOND = 1_000_000_000L;

    private final long perSecond;
    /** When every token charged so far is paid for; at most one second (the burst) ahead of a full bucket. */
    private long paidUntilNanos;
    private boolean started;

    public TokenBucket(long perSecond) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + perSecond);
        }
        this.perSecond = perSecond;
    }

    /**
     * Charges {@code tokens} (the bucket may go into debt) and returns how long the caller must wait before
     * the debt is paid: 0 when the bucket had them.
     */
    public long charge(long tokens, long nowNanos) {
        long paid = settle(nowNanos) + cost(tokens);
        paidUntilNanos = paid;
        return Math.max(0, paid - nowNanos - SECOND);
    }

    /** Charges {@code tokens} only if the bucket has them now; false (and nothing charged) otherwise. */
    public boolean tryCharge(long tokens, long nowNanos) {
        long paid = settle(nowNanos) + cost(tokens);
        if (paid - nowNanos > SECOND) {
            return false;
        }
        paidUntilNanos = paid;
        return true;
    }

    /** A bucket that was idle is full: debt older than now is forgotten. */
    private long settle(long nowNanos) {
        if (!started) {
            started = true;
            paidUntilNanos = nowNanos;
        }
        return paidUntilNanos - nowNanos < 0 ? nowNanos : paidUntilNanos;
    }

    /** Nanoseconds that pay for {@code tokens}; a token cheaper than a nanosecond costs nothing alone. */
    private long cost(long tokens) {
        return Math.multiplyHigh(tokens, SECOND) == 0 ? tokens * SECOND / perSecond
                : (long) ((double) tokens * SECOND / perSecond);
    }
}
