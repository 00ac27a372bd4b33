package io.weft.plugins.authjwt;

import io.weft.spi.PluginConfig;
import io.weft.spi.PluginConfigException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The token rules of one {@code auth-jwt} instance, read from its configuration section (the keys are read by
 * {@link KeySources}). Immutable.
 *
 * @param requireExpiry     whether a token without {@code exp} is refused
 * @param clockSkew         leeway for {@code exp} and {@code nbf}
 * @param issuers           accepted {@code iss} values; empty accepts any
 * @param audiences         accepted {@code aud} values (the token needs one of them); empty accepts any
 * @param usernameClaim     the claim naming the principal
 * @param matchUsername     whether a user name the client sent must equal the username claim
 * @param clientIdClaim     a claim that must equal the client identifier, when present
 * @param attributeClaims   claims copied into the principal's attributes
 * @param publishClaim      the claim listing topic filters the client may publish to
 * @param subscribeClaim    the claim listing topic filters the client may subscribe to
 * @param defaultPermission what a token lacking one of the two permission claims gets for that action
 */
record JwtSettings(boolean requireExpiry, Duration clockSkew, List<String> issuers, List<String> audiences,
                   String usernameClaim, boolean matchUsername, Optional<String> clientIdClaim,
                   List<String> attributeClaims, String publishClaim, String subscribeClaim,
                   Permissions defaultPermission) {

    static final String SECRET = "secret";
    static final String PUBLIC_KEY_FILE = "public-key-file";
    static final String JWKS_FILE = "jwks-file";
    static final String JWKS_URL = "jwks-url";
    static final String JWKS_REFRESH = "jwks-refresh";
    static final String JWKS_MIN_INTERVAL = "jwks-min-interval";
    static final String ALGORITHMS = "algorithms";
    static final String REQUIRE_EXPIRY = "require-expiry";
    static final String CLOCK_SKEW = "clock-skew";
    static final String ISSUER = "issuer";
    static final String AUDIENCE = "audience";
    static final String USERNAME_CLAIM = "username-claim";
    static final String MATCH_USERNAME = "match-username";
    static final String CLIENT_ID_CLAIM = "client-id-claim";
    static final String ATTRIBUTE_CLAIMS = "attribute-claims";
    static final String PUBLISH_CLAIM = "publish-claim";
    static final String SUBSCRIBE_CLAIM = "subscribe-claim";
    static final String DEFAULT_PERMISSION = "default-permission";

    static final List<String> KEYS = List.of(SECRET, PUBLIC_KEY_FILE, JWKS_FILE, JWKS_URL, JWKS_REFRESH,
            JWKS_MIN_INTERVAL, ALGORITHMS, REQUIRE_EXPIRY, CLOCK_SKEW, ISSUER, AUDIENCE, USERNAME_CLAIM,
            MATCH_USERNAME, CLIENT_ID_CLAIM, ATTRIBUTE_CLAIMS, PUBLISH_CLAIM, SUBSCRIBE_CLAIM, DEFAULT_PERMISSION);

    static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    static final String DEFAULT_PUBLISH_CLAIM = "publish";
    static final String DEFAULT_SUBSCRIBE_CLAIM = "subscribe";

    private static final Pattern ZERO = Pattern.compile("0(ms|s|m|h|d)?");

    /** Reads the section; every problem names its key. Call {@link PluginConfig#allowOnly} first. */
    static JwtSettings read(PluginConfig config) throws PluginConfigException {
        String publishClaim = claimName(config, PUBLISH_CLAIM, DEFAULT_PUBLISH_CLAIM);
        String subscribeClaim = claimName(config, SUBSCRIBE_CLAIM, DEFAULT_SUBSCRIBE_CLAIM);
        if (publishClaim.equals(subscribeClaim)) {
            throw config.invalid(SUBSCRIBE_CLAIM, "is the same claim as " + config.fullKey(PUBLISH_CLAIM)
                    + " ('" + publishClaim + "'); give each permission its own claim");
        }
        Optional<String> clientIdClaim = config.optionalString(CLIENT_ID_CLAIM);
        if (clientIdClaim.isPresent()) {
            claimName(config, CLIENT_ID_CLAIM, "");
        }
        List<String> attributeClaims = config.list(ATTRIBUTE_CLAIMS);
        if (attributeClaims.stream().anyMatch(String::isBlank)) {
            throw config.invalid(ATTRIBUTE_CLAIMS, "holds an empty claim name");
        }
        return new JwtSettings(config.bool(REQUIRE_EXPIRY, true), clockSkew(config), nonBlank(config, ISSUER),
                nonBlank(config, AUDIENCE), claimName(config, USERNAME_CLAIM, "sub"),
                config.bool(MATCH_USERNAME, true), clientIdClaim.map(String::strip), attributeClaims,
                publishClaim, subscribeClaim, defaultPermission(config));
    }

    private static String claimName(PluginConfig config, String key, String fallback) throws PluginConfigException {
        String name = config.string(key, fallback).strip();
        if (name.isEmpty()) {
            throw config.invalid(key, "expected a claim name, got an empty value");
        }
        return name;
    }

    private static List<String> nonBlank(PluginConfig config, String key) throws PluginConfigException {
        List<String> values = config.list(key);
        if (values.stream().anyMatch(String::isBlank)) {
            throw config.invalid(key, "holds an empty value");
        }
        return values;
    }

    /** {@code 0} (or {@code 0s}) turns the leeway off; anything else is a positive duration. */
    private static Duration clockSkew(PluginConfig config) throws PluginConfigException {
        Optional<String> text = config.optionalString(CLOCK_SKEW);
        if (text.isPresent() && ZERO.matcher(text.get().strip()).matches()) {
            return Duration.ZERO;
        }
        Duration skew = config.duration(CLOCK_SKEW, DEFAULT_CLOCK_SKEW);
        if (skew.compareTo(Duration.ofMinutes(10)) > 0) {
            throw config.invalid(CLOCK_SKEW, "at most 10m: a larger leeway keeps expired tokens usable");
        }
        return skew;
    }

    private static Permissions defaultPermission(PluginConfig config) throws PluginConfigException {
        String value = config.string(DEFAULT_PERMISSION, "deny").strip();
        return switch (value) {
            case "deny" -> Permissions.NOTHING;
            case "allow" -> Permissions.EVERYTHING;
            default -> throw config.invalid(DEFAULT_PERMISSION, "expected allow or deny, got '" + value + "'");
        };
    }
}
