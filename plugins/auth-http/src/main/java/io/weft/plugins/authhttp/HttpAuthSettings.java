package io.weft.plugins.authhttp;

import io.weft.spi.PluginConfig;
import io.weft.spi.PluginConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of one {@code auth-http} instance, checked as a whole when the plugin is made.
 *
 * @param authenticationUrl where CONNECTs are decided; empty when the instance only authorizes
 * @param authorizationUrl  where access lists are fetched at CONNECT; empty when the instance only authenticates
 * @param connectTimeout    the longest wait for a connection to the service
 * @param requestTimeout    the longest wait for a whole exchange, connection included
 * @param headers           extra request headers, such as a bearer token for the service (never logged)
 * @param onError           what a failed call decides
 * @param cacheTtl          how long an allow is remembered; zero to never cache one
 * @param denyCacheTtl      how long a deny or ignore is remembered; zero to never cache one
 * @param cacheSize         the most decisions remembered; zero for no cache
 */
record HttpAuthSettings(Optional<URI> authenticationUrl, Optional<URI> authorizationUrl, Duration connectTimeout,
                        Duration requestTimeout, Map<String, String> headers, OnError onError, Duration cacheTtl,
                        Duration denyCacheTtl, int cacheSize) {

    static final String AUTHENTICATION_URL = "authentication-url";
    static final String AUTHORIZATION_URL = "authorization-url";
    static final String CONNECT_TIMEOUT = "connect-timeout";
    static final String REQUEST_TIMEOUT = "request-timeout";
    static final String HEADERS = "headers";
    static final String ON_ERROR = "on-error";
    static final String CACHE_TTL = "cache-ttl";
    static final String DENY_CACHE_TTL = "deny-cache-ttl";
    static final String CACHE_SIZE = "cache-size";

    static final Duration REQUEST_TIMEOUT_DEFAULT = Duration.ofSeconds(2);
    static final Duration CONNECT_TIMEOUT_DEFAULT = Duration.ofSeconds(1);
    static final Duration CACHE_TTL_DEFAULT = Duration.ofSeconds(60);
    static final Duration DENY_CACHE_TTL_DEFAULT = Duration.ofSeconds(5);
    static final int CACHE_SIZE_DEFAULT = 10_000;

    /** What a failed call (an HTTP error status, a bad body, no connection, a timeout) decides. */
    enum OnError {
        /** Refuse the client: 0x88 Server unavailable (3.x return code 3). */
        DENY,
        /** Abstain, so that the next authenticator decides. */
        IGNORE
    }

    HttpAuthSettings {
        headers = Map.copyOf(headers);
    }

    /**
     * Reads and checks {@code config}. Timeouts must stay below {@code callTimeout}, the broker's deadline on each
     * call: past it the broker abandons the call and the plugin's own decision (such as {@code on-error}) is lost.
     */
    static HttpAuthSettings read(PluginConfig config, Duration callTimeout) throws PluginConfigException {
        config.allowOnly(AUTHENTICATION_URL, AUTHORIZATION_URL, CONNECT_TIMEOUT, REQUEST_TIMEOUT, HEADERS, ON_ERROR,
                CACHE_TTL, DENY_CACHE_TTL, CACHE_SIZE);
        Optional<URI> authentication = url(config, AUTHENTICATION_URL);
        Optional<URI> authorization = url(config, AUTHORIZATION_URL);
        if (authentication.isEmpty() && authorization.isEmpty()) {
            throw config.invalid(AUTHENTICATION_URL, "required (unless authorization-url is set: the instance "
                    + "then only authorizes)");
        }
        Duration half = callTimeout.dividedBy(2);
        Duration request = timeout(config, REQUEST_TIMEOUT, min(REQUEST_TIMEOUT_DEFAULT, half), callTimeout);
        Duration connect = timeout(config, CONNECT_TIMEOUT, min(CONNECT_TIMEOUT_DEFAULT, request), callTimeout);
        return new HttpAuthSettings(authentication, authorization, connect, request, headers(config),
                onError(config), ttl(config, CACHE_TTL, CACHE_TTL_DEFAULT),
                ttl(config, DENY_CACHE_TTL, DENY_CACHE_TTL_DEFAULT),
                config.integer(CACHE_SIZE, CACHE_SIZE_DEFAULT, 0, 10_000_000));
    }

    private static Optional<URI> url(PluginConfig config, String key) throws PluginConfigException {
        Optional<String> text = config.optionalString(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.get().trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw config.invalid(key, "expected an http:// or https:// URL with a host, got '" + text.get()
                        + "'");
            }
            if (uri.getUserInfo() != null) {
                throw config.invalid(key, "put credentials for the service in headers (Authorization), not in "
                        + "the URL");
            }
            return Optional.of(uri);
        } catch (URISyntaxException malformed) {
            throw config.invalid(key, "not a valid URL: " + malformed.getMessage());
        }
    }

    private static Duration timeout(PluginConfig config, String key, Duration fallback, Duration callTimeout)
            throws PluginConfigException {
        Duration value = config.duration(key, fallback);
        if (value.compareTo(callTimeout) >= 0) {
            throw config.invalid(key, "must be shorter than plugins.call-timeout (" + callTimeout.toMillis()
                    + "ms): the broker would abandon the call before the plugin could decide");
        }
        return value;
    }

    /** A duration, where {@code 0} turns the cache of that kind of decision off. */
    private static Duration ttl(PluginConfig config, String key, Duration fallback) throws PluginConfigException {
        Optional<String> text = config.optionalString(key);
        if (text.isPresent() && text.get().trim().equals("0")) {
            return Duration.ZERO;
        }
        return config.duration(key, fallback);
    }

    private static OnError onError(PluginConfig config) throws PluginConfigException {
        String text = config.string(ON_ERROR, "deny").trim();
        return switch (text) {
            case "deny" -> OnError.DENY;
            case "ignore" -> OnError.IGNORE;
            default -> throw config.invalid(ON_ERROR, "expected deny or ignore, got '" + text + "'");
        };
    }

    private static Map<String, String> headers(PluginConfig config) throws PluginConfigException {
        PluginConfig section = config.section(HEADERS);
        Map<String, String> headers = new LinkedHashMap<>();
        HttpRequest.Builder probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1/"));
        for (String name : section.keys()) {
            String value = section.string(name);
            try {
                probe.setHeader(name, value);
            } catch (IllegalArgumentException refused) {
                // The message may quote the value, which can be a token: say only what is wrong with the name.
                throw section.invalid(name, "not a header the HTTP client may set (restricted or malformed name "
                        + "or value)");
            }
            headers.put(name, value);
        }
        return headers;
    }

    private static Duration min(Duration first, Duration second) {
        return first.compareTo(second) <= 0 ? first : second;
    }
}
