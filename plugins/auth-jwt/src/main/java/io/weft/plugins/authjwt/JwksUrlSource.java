package io.weft.plugins.authjwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.weft.spi.PluginMetrics;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Thread-safe: called on clients' virtual threads, many at once; one of them fetches at a time, under a lock (not
 * a monitor, which would pin the carrier thread), and the others wait for it at most the fetch timeout, then use
 * what is there. Keys from a JWKS fetched over HTTP(S) with the JDK's client, cached. The set is fetched again
 * when it is older than {@code jwks-refresh} or when a token names an unknown key id, but never sooner than
 * {@code jwks-min-interval} after the previous attempt (whatever prompted it), so a stream of tokens with made-up
 * key ids cannot hammer the key server. A failed fetch keeps the last good set and is logged. Time is read from
 * the plugin's clock.
 */
final class JwksUrlSource implements KeySource {

    static final int MAXIMUM_BYTES = 1 << 20;

    private record Loaded(List<JWK> keys, Instant fetchedAt) {
    }

    private final URI uri;
    private final Duration refresh;
    private final Duration minimumInterval;
    private final Duration timeout;
    private final Clock clock;
    private final System.Logger logger;
    private final PluginMetrics.Counter refreshes;
    private final HttpClient client;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile Loaded current;
    private volatile Instant lastAttempt;

    JwksUrlSource(URI uri, Duration refresh, Duration minimumInterval, Duration timeout, Clock clock,
                  System.Logger logger, PluginMetrics.Counter refreshes) {
        this.uri = uri;
        this.refresh = refresh;
        this.minimumInterval = minimumInterval;
        this.timeout = timeout;
        this.clock = clock;
        this.logger = logger;
        this.refreshes = refreshes;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The first fetch, at start-up: a failure is logged and leaves the source unavailable. */
    void start() {
        fetchIfAllowed();
    }

    @Override
    public List<JWK> keys() {
        Loaded loaded = current;
        if (loaded == null || !clock.instant().isBefore(loaded.fetchedAt().plus(refresh))) {
            fetchIfAllowed();
            loaded = current;
        }
        return loaded == null ? List.of() : loaded.keys();
    }

    @Override
    public void refreshForUnknownKey() {
        fetchIfAllowed();
    }

    @Override
    public boolean available() {
        return current != null;
    }

    private void fetchIfAllowed() {
        try {
            if (!fetching.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return; // another fetch is slow: answer with what is there
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            Instant now = clock.instant();
            Instant previous = lastAttempt;
            if (previous != null && now.isBefore(previous.plus(minimumInterval))) {
                return;
            }
            lastAttempt = now;
            fetch(now);
        } finally {
            fetching.unlock();
        }
    }

    private void fetch(Instant now) {
        try {
            List<JWK> keys = download();
            Loaded previous = current;
            current = new Loaded(keys, now);
            refreshes.increment("url", "ok");
            if (previous == null || !JwksKeys.ids(previous.keys()).equals(JwksKeys.ids(keys))) {
                logger.log(Level.INFO, () -> "jwks-url " + uri + ": " + keys.size() + " keys " + JwksKeys.ids(keys));
            }
        } catch (IOException | IllegalArgumentException failure) {
            fetchFailed(failure.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            fetchFailed("interrupted");
        }
    }

    private void fetchFailed(String problem) {
        refreshes.increment("url", "failed");
        Loaded kept = current;
        logger.log(Level.WARNING, "jwks-url " + uri + ": fetch failed (" + problem + "); "
                + (kept == null ? "no keys yet: tokens that need them are refused as unavailable"
                        : "keeping the " + kept.keys().size() + " keys fetched at " + kept.fetchedAt()));
    }

    private List<JWK> download() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/jwk-set+json, application/json").GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAXIMUM_BYTES + 1);
            if (bytes.length > MAXIMUM_BYTES) {
                throw new IOException("the key set is larger than " + MAXIMUM_BYTES + " bytes");
            }
            JWKSet set = JWKSet.parse(new String(bytes, StandardCharsets.UTF_8));
            List<JWK> keys = JwksKeys.usable(set, skipped -> logger.log(Level.DEBUG,
                    "jwks-url " + uri + ": skipped " + skipped));
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("the key set holds no usable signing key");
            }
            return keys;
        } catch (ParseException notJwks) {
            throw new IllegalArgumentException("not a JWKS (" + notJwks.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
