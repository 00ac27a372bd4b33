package io.weft.plugins.authfile;

import io.weft.spi.PluginMetrics;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * Thread-safe: called on clients' virtual threads at CONNECT. Checks passwords against stored hashes, which is
 * deliberately slow (a PBKDF2 hash of 210,000 iterations takes a few tenths of a second of CPU), so:
 * <ul>
 *   <li>the hashing runs on a few platform threads of its own: CPU-bound work on a virtual thread would hold one
 *       of the few carrier threads that every connection of the broker shares, for the whole hash;</li>
 *   <li>concurrent checks of the same user, stored hash and password share one computation, and a success is
 *       remembered for a short time ({@code cache-ttl}, at most {@code cache-size} entries), so that a fleet
 *       reconnecting after a network blip costs one hash per distinct password, not one per client;</li>
 *   <li>a caller waits at most {@code maximumWait} and is then told {@link Outcome#BUSY}; work whose callers
 *       have all given up is skipped, so a backlog cannot keep every later caller waiting too.</li>
 * </ul>
 * The cache is keyed on an HMAC-SHA256, under a random key made at start, of the user, the stored hash and the
 * password: it never holds the password, and an entry stops matching as soon as the user's line changes. Only
 * successes are remembered; every wrong password costs a full hash.
 */
final class PasswordVerifier implements AutoCloseable {

    /** The result of a check. */
    enum Outcome {
        MATCH,
        MISMATCH,
        /** No answer in time: too many checks are waiting for a hashing thread. */
        BUSY
    }

    /** Checks waiting for a hashing thread beyond which new ones are refused at once. */
    static final int QUEUE_CAPACITY = 1024;

    private final ThreadPoolExecutor hashing;
    private final Map<String, Long> successes = new ConcurrentHashMap<>();
    private final Map<String, Check> checks = new ConcurrentHashMap<>();
    private final int cacheSize;
    private final long cacheMillis;
    private final long maximumWaitNanos;
    private final Clock clock;
    private final BiPredicate<PasswordHash, byte[]> matcher;
    private final SecretKeySpec cacheKey;
    private final PluginMetrics.Timer hashTimer;
    private final PluginMetrics.Counter cacheHits;

    /** One computation that several callers may be waiting for; they push out its deadline as they join. */
    private record Check(CompletableFuture<Outcome> outcome, AtomicLong deadline) {
    }

    /**
     * @param maximumWait how long a caller waits for its check before it is told {@link Outcome#BUSY}
     * @param matcher     the check itself: {@link PasswordHash#matches} (tests put one they control in its place)
     */
    PasswordVerifier(String name, AuthFileSettings settings, Duration maximumWait, Clock clock, PluginMetrics metrics,
                     BiPredicate<PasswordHash, byte[]> matcher) {
        this.hashing = new ThreadPoolExecutor(settings.verificationThreads(), settings.verificationThreads(), 0,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE_CAPACITY),
                Thread.ofPlatform().daemon().name("weft-auth-file-" + name + "-hash-", 0).factory());
        this.cacheSize = settings.cacheSize();
        this.cacheMillis = settings.cacheTtl().toMillis();
        this.maximumWaitNanos = maximumWait.toNanos();
        this.clock = clock;
        this.matcher = matcher;
        this.hashTimer = metrics.timer("password_hash", "time to compute one password hash");
        this.cacheHits = metrics.counter("password_cache_hits", "password checks answered by a recent success");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** Whether {@code password} is {@code user}'s, per {@code stored}; blocks up to the maximum wait. */
    Outcome verify(String user, PasswordHash stored, byte[] password) throws InterruptedException {
        String key = key(user, stored, password);
        if (cacheSize > 0) {
            Long expiry = successes.get(key);
            if (expiry != null && clock.millis() < expiry) {
                cacheHits.increment();
                return Outcome.MATCH;
            }
        }
        long deadline = System.nanoTime() + maximumWaitNanos;
        Check fresh = new Check(new CompletableFuture<>(), new AtomicLong(deadline));
        Check check = checks.putIfAbsent(key, fresh);
        if (check == null) {
            check = fresh;
            submit(key, stored, password, fresh);
        } else {
            check.deadline().accumulateAndGet(deadline, (current, mine) -> mine - current > 0 ? mine : current);
        }
        try {
            return check.outcome().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            return Outcome.BUSY;
        } catch (ExecutionException failure) {
            throw new IllegalStateException("password check failed", failure.getCause());
        }
    }

    private void submit(String key, PasswordHash stored, byte[] password, Check check) {
        try {
            hashing.execute(() -> compute(key, stored, password, check));
        } catch (RejectedExecutionException full) {
            checks.remove(key, check);
            check.outcome().complete(Outcome.BUSY);
        }
    }

    /** Leaves the map of checks before answering, so a later caller finds the cache or starts afresh. */
    private void compute(String key, PasswordHash stored, byte[] password, Check check) {
        Outcome outcome = Outcome.BUSY; // when everyone waiting for it has given up
        Throwable failure = null;
        try {
            if (System.nanoTime() - check.deadline().get() <= 0) {
                long start = System.nanoTime();
                boolean match = matcher.test(stored, password);
                hashTimer.recordNanos(System.nanoTime() - start);
                if (match && cacheSize > 0) {
                    remember(key);
                }
                outcome = match ? Outcome.MATCH : Outcome.MISMATCH;
            }
        } catch (RuntimeException | Error unexpected) {
            failure = unexpected;
        }
        checks.remove(key, check);
        if (failure != null) {
            check.outcome().completeExceptionally(failure);
        } else {
            check.outcome().complete(outcome);
        }
    }

    private void remember(String key) {
        long now = clock.millis();
        if (successes.size() >= cacheSize) {
            successes.values().removeIf(expiry -> expiry <= now);
            Iterator<String> any = successes.keySet().iterator();
            while (successes.size() >= cacheSize && any.hasNext()) {
                any.next();
                any.remove();
            }
        }
        successes.put(key, now + cacheMillis);
    }

    private String key(String user, PasswordHash stored, byte[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(stored.encoded().getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password));
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("this JDK has no HmacSHA256", missing);
        }
    }

    /** Checks submitted and not finished yet. */
    int pendingChecks() {
        return checks.size();
    }

    @Override
    public void close() {
        hashing.shutdownNow();
    }
}
