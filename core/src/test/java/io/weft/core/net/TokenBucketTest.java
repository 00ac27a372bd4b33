package io.weft.core.net;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The token bucket's arithmetic, on a clock the test moves by hand. */
class TokenBucketTest {

    private static final long MILLISECOND = 1_000_000L;
    private static final long START = 123_456_789L;

    @Test
    @DisplayName("a new bucket of 10/s holds 10 tokens; the 11th costs a wait of 100 ms")
    void burstOfOneSecondThenWait() {
        TokenBucket bucket = new TokenBucket(10);
        for (int token = 0; token < 10; token++) {
            assertThat(bucket.charge(1, START)).as("token %d", token).isZero();
        }
        assertThat(bucket.charge(1, START)).isEqualTo(100 * MILLISECOND);
        assertThat(bucket.charge(1, START)).as("debt adds up").isEqualTo(200 * MILLISECOND);
        assertThat(bucket.charge(1, START + 200 * MILLISECOND)).as("after the wait, the next is in debt again")
                .isEqualTo(100 * MILLISECOND);
    }

    @Test
    @DisplayName("tryCharge refuses beyond the burst and charges nothing when it does")
    void tryChargeIsAllOrNothing() {
        TokenBucket bucket = new TokenBucket(2);
        assertThat(bucket.tryCharge(1, START)).isTrue();
        assertThat(bucket.tryCharge(1, START)).isTrue();
        assertThat(bucket.tryCharge(1, START)).isFalse();
        assertThat(bucket.tryCharge(1, START + 499 * MILLISECOND)).isFalse();
        assertThat(bucket.tryCharge(1, START + 500 * MILLISECOND)).as("one token refilled in 500 ms").isTrue();
        assertThat(bucket.tryCharge(1, START + 500 * MILLISECOND)).isFalse();
    }

    @Test
    @DisplayName("an idle bucket refills to one second's worth, never more")
    void idleRefillsToTheBurstOnly() {
        TokenBucket bucket = new TokenBucket(5);
        assertThat(bucket.charge(5, START)).isZero();
        long later = START + 60_000 * MILLISECOND;
        assertThat(bucket.charge(5, later)).isZero();
        assertThat(bucket.charge(1, later)).isEqualTo(200 * MILLISECOND);
    }

    @Test
    @DisplayName("bandwidth: 3,000 bytes through a 1,000 B/s bucket wait 2 s beyond the first second's burst")
    void bytesBeyondTheBurst() {
        TokenBucket bucket = new TokenBucket(1_000);
        assertThat(bucket.charge(3_000, START)).isEqualTo(2_000 * MILLISECOND);
    }

    @Test
    @DisplayName("a rate above a token a nanosecond does not overflow or divide by zero")
    void veryHighRate() {
        TokenBucket bucket = new TokenBucket(10_000_000_000L);
        assertThat(bucket.charge(1_000_000, START)).isZero();
        assertThat(bucket.charge(20_000_000_000L, START)).as("2 s of tokens after 0.1 ms of them")
                .isEqualTo(1_000 * MILLISECOND + 100_000);
    }
}
