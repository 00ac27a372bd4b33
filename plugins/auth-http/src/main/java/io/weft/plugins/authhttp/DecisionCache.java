package io.weft.plugins.authhttp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.ConnectAttempt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Thread-safe: called on clients' virtual threads; a lookup or an insertion never waits for the service (two
 * clients with the same credentials at once may both ask it, and the later answer is kept). The service's recent
 * authentication decisions, keyed by a salted SHA-256 digest of the client identifier, user name and password, so
 * that no password is kept in memory. An allow lives {@code cache-ttl}, a deny or ignore {@code deny-cache-ttl},
 * measured on the context's clock.
 */
final class DecisionCache {

    private final Cache<Key, AuthenticationDecision> cache;
    private final Duration allowTtl;
    private final Duration denyTtl;
    private final byte[] salt = new byte[32];

    /** The digest of one client's credentials; a record over a hex string, for equals and hashCode. */
    private record Key(String digest) {
    }

    private DecisionCache(Cache<Key, AuthenticationDecision> cache, Duration allowTtl, Duration denyTtl) {
        this.cache = cache;
        this.allowTtl = allowTtl;
        this.denyTtl = denyTtl;
        // A salt of this instance's own: a heap dump does not give digests that a table of passwords could match.
        new SecureRandom().nextBytes(salt);
    }

    /** A cache of up to {@code size} decisions; with a size of zero, or both lifetimes zero, it keeps nothing. */
    static DecisionCache create(int size, Duration allowTtl, Duration denyTtl, Clock clock) {
        Cache<Key, AuthenticationDecision> cache = Caffeine.newBuilder()
                .maximumSize(size)
                .ticker(ticker(clock))
                // Maintenance on the calling thread: no pool threads of the plugin's own, and tests see evictions.
                .executor(Runnable::run)
                .expireAfter(lifetimes(allowTtl, denyTtl))
                .build();
        return new DecisionCache(cache, allowTtl, denyTtl);
    }

    /** A new or replaced entry lives as long as its kind of decision; reading it does not extend it. */
    private static Expiry<Key, AuthenticationDecision> lifetimes(Duration allowTtl, Duration denyTtl) {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(Key key, AuthenticationDecision decision, long now) {
                return (decision instanceof AuthenticationDecision.Allow ? allowTtl : denyTtl).toNanos();
            }

            @Override
            public long expireAfterUpdate(Key key, AuthenticationDecision decision, long now, long remaining) {
                return expireAfterCreate(key, decision, now);
            }

            @Override
            public long expireAfterRead(Key key, AuthenticationDecision decision, long now, long remaining) {
                return remaining;
            }
        };
    }

    private static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    /** The digest that stands for {@code attempt}'s credentials. */
    String key(ConnectAttempt attempt) {
        MessageDigest digest = sha256();
        digest.update(salt);
        field(digest, attempt.clientId().getBytes(StandardCharsets.UTF_8));
        field(digest, attempt.username() == null ? null : attempt.username().getBytes(StandardCharsets.UTF_8));
        byte[] password = attempt.password();
        field(digest, password);
        if (password != null) {
            Arrays.fill(password, (byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Length-prefixed, with -1 for an absent value, so that ("ab", "c") and ("a", "bc") differ. */
    private static void field(MessageDigest digest, byte[] value) {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            digest.update(value);
        }
    }

    Optional<AuthenticationDecision> find(String key) {
        return Optional.ofNullable(cache.getIfPresent(new Key(key)));
    }

    /** Remembers an answer of the service (never a failure) when its kind has a lifetime. */
    void remember(String key, AuthenticationDecision decision) {
        Duration lifetime = decision instanceof AuthenticationDecision.Allow ? allowTtl : denyTtl;
        if (!lifetime.isZero()) {
            cache.put(new Key(key), decision);
        }
    }

    /** The decisions held, counting expired ones not yet swept: quick, for a gauge. */
    long size() {
        return cache.estimatedSize();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("every JDK has SHA-256", missing);
        }
    }
}
