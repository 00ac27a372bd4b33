package io.weft.plugins.authfile;

import io.weft.plugins.authfile.PasswordVerifier.Outcome;
import io.weft.testkit.MutableClock;
import io.weft.testkit.RecordingMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PasswordVerifierTest {

    private static final PasswordHash STORED = PasswordHash.create("right", 10, new SecureRandom());
    private static final byte[] RIGHT = "right".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WRONG = "wrong".getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = MutableClock.create();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final AtomicInteger computed = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private PasswordVerifier verifier;

    private PasswordVerifier verifier(int cacheSize, Duration maximumWait, boolean held) {
        AuthFileSettings settings = new AuthFileSettings(Optional.empty(), Optional.empty(), Duration.ofSeconds(5), 1,
                cacheSize, Duration.ofMinutes(2));
        verifier = new PasswordVerifier("test", settings, maximumWait, clock, metrics, (stored, password) -> {
            computed.incrementAndGet();
            if (held) {
                try {
                    release.await();
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }
            return stored.matches(password);
        });
        return verifier;
    }

    @AfterEach
    void close() {
        release.countDown();
        if (verifier != null) {
            verifier.close();
        }
    }

    @Test
    void aSuccessIsRememberedForTheTimeToLiveAndOnlyForTheSamePassword() throws InterruptedException {
        verifier(16, Duration.ofSeconds(5), false);
        assertThat(verifier.verify("alice", STORED, RIGHT)).isEqualTo(Outcome.MATCH);
        assertThat(verifier.verify("alice", STORED, RIGHT)).isEqualTo(Outcome.MATCH);
        assertThat(computed).hasValue(1);
        assertThat(metrics.counterValue("password_cache_hits")).isEqualTo(1);
        assertThat(metrics.timerCount("password_hash")).isEqualTo(1);

        assertThat(verifier.verify("alice", STORED, WRONG)).isEqualTo(Outcome.MISMATCH);
        assertThat(verifier.verify("alice", STORED, WRONG)).isEqualTo(Outcome.MISMATCH);
        assertThat(computed).as("failures are not remembered").hasValue(3);

        PasswordHash changed = PasswordHash.create("right", 10, new SecureRandom());
        assertThat(verifier.verify("alice", changed, RIGHT)).isEqualTo(Outcome.MATCH);
        assertThat(verifier.verify("bob", STORED, RIGHT)).isEqualTo(Outcome.MATCH);
        assertThat(computed).as("another stored hash or user is another entry").hasValue(5);

        clock.advance(Duration.ofMinutes(2));
        assertThat(verifier.verify("alice", STORED, RIGHT)).isEqualTo(Outcome.MATCH);
        assertThat(computed).as("expired").hasValue(6);
    }

    @Test
    void withNoCacheEveryCheckIsComputed() throws InterruptedException {
        verifier(0, Duration.ofSeconds(5), false);
        verifier.verify("alice", STORED, RIGHT);
        verifier.verify("alice", STORED, RIGHT);
        assertThat(computed).hasValue(2);
    }

    @Test
    void theCacheStaysWithinItsSize() throws InterruptedException {
        verifier(2, Duration.ofSeconds(5), false);
        for (String user : new String[] {"a", "b", "c", "d"}) {
            verifier.verify(user, STORED, RIGHT);
        }
        verifier.verify("d", STORED, RIGHT);
        assertThat(computed).as("the last one is still remembered").hasValue(4);
        verifier.verify("a", STORED, RIGHT);
        verifier.verify("b", STORED, RIGHT);
        assertThat(computed.get()).as("at most two of four are remembered").isGreaterThanOrEqualTo(5);
    }

    @Test
    void aCallerThatWaitedTooLongIsToldBusyAndWorkNobodyWaitsForIsSkipped() throws InterruptedException {
        verifier(16, Duration.ofMillis(300), true);
        assertThat(verifier.verify("alice", STORED, RIGHT)).isEqualTo(Outcome.BUSY); // holds the only thread
        assertThat(verifier.verify("bob", STORED, RIGHT)).isEqualTo(Outcome.BUSY);   // queued behind it
        release.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> verifier.pendingChecks() == 0);
        assertThat(computed).as("bob's check started after bob gave up").hasValue(1);
        assertThat(verifier.verify("alice", STORED, RIGHT)).as("alice's finished check was remembered")
                .isEqualTo(Outcome.MATCH);
        assertThat(computed).hasValue(1);
    }

    @Test
    void concurrentChecksOfOnePasswordCostOneHash() throws Exception {
        verifier(16, Duration.ofSeconds(10), true);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Outcome> first = callers.submit(() -> verifier.verify("alice", STORED, RIGHT));
            Future<Outcome> second = callers.submit(() -> verifier.verify("alice", STORED, RIGHT));
            await().atMost(10, TimeUnit.SECONDS).until(() -> computed.get() == 1);
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.MATCH);
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.MATCH);
        } catch (ExecutionException failure) {
            throw new AssertionError(failure.getCause());
        }
        assertThat(computed).hasValue(1);
    }

    @Test
    void afterCloseChecksAreBusy() throws InterruptedException {
        verifier(16, Duration.ofSeconds(5), false).close();
        assertThat(verifier.verify("alice", STORED, RIGHT)).isEqualTo(Outcome.BUSY);
    }
}
