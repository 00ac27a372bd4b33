package io.weft.plugins.authjwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import io.weft.spi.PluginConfig;
import io.weft.spi.PluginConfigException;
import io.weft.spi.PluginContext;
import io.weft.spi.PluginMetrics;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the key settings of an instance ({@code secret}, {@code public-key-file}, {@code jwks-file},
 * {@code jwks-url} and their options, {@code algorithms}) into a {@link KeyRing}. Stateless.
 */
final class KeySources {

    static final int MINIMUM_SECRET_BYTES = 32;
    static final Duration DEFAULT_REFRESH = Duration.ofMinutes(10);
    static final Duration DEFAULT_MINIMUM_INTERVAL = Duration.ofSeconds(30);

    private static final List<JWSAlgorithm> RSA = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    private static final List<JWSAlgorithm> EC = List.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private KeySources() {
    }

    /**
     * The key ring the configuration describes; at least one key source is required. Blocks to read files and for
     * the first fetch of {@code jwks-url} (a failed fetch is logged, not fatal: the key server may come back).
     */
    static KeyRing create(PluginContext context, PluginMetrics.Counter refreshes) throws PluginConfigException {
        PluginConfig config = context.config();
        List<KeySource> sources = new ArrayList<>();
        Set<JWSAlgorithm> fitting = new LinkedHashSet<>();
        try {
            Optional<String> secret = config.optionalString(JwtSettings.SECRET);
            if (secret.isPresent()) {
                OctetSequenceKey key = secretKey(config, secret.get());
                sources.add(fixed(key));
                fitting.addAll(hmacAlgorithms(key.size() / 8));
            }
            Optional<Path> publicKeyFile = config.optionalPath(JwtSettings.PUBLIC_KEY_FILE);
            if (publicKeyFile.isPresent()) {
                JWK key = publicKey(config, publicKeyFile.get());
                sources.add(fixed(key));
                fitting.addAll(key instanceof ECKey ec ? JWSAlgorithm.Family.EC.stream()
                        .filter(algorithm -> Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve())).toList()
                        : RSA);
            }
            Optional<Path> jwksFile = config.optionalPath(JwtSettings.JWKS_FILE);
            if (jwksFile.isPresent()) {
                sources.add(jwksFile(config, context, jwksFile.get(), refreshes));
                fitting.addAll(RSA);
                fitting.addAll(EC);
            }
            Optional<String> jwksUrl = config.optionalString(JwtSettings.JWKS_URL);
            if (jwksUrl.isPresent()) {
                sources.add(jwksUrl(config, context, jwksUrl.get(), refreshes));
                fitting.addAll(RSA);
                fitting.addAll(EC);
            } else {
                refuseWithout(config, JwtSettings.JWKS_URL, JwtSettings.JWKS_REFRESH, JwtSettings.JWKS_MIN_INTERVAL);
            }
            if (sources.isEmpty()) {
                throw config.invalid(JwtSettings.SECRET, "no key configured: set at least one of "
                        + String.join(", ", List.of(JwtSettings.SECRET, JwtSettings.PUBLIC_KEY_FILE,
                        JwtSettings.JWKS_FILE, JwtSettings.JWKS_URL).stream().map(config::fullKey).toList()));
            }
            return new KeyRing(sources, algorithms(config, fitting));
        } catch (PluginConfigException | RuntimeException failure) {
            sources.forEach(KeySource::close);
            throw failure;
        }
    }

    private static KeySource fixed(JWK key) {
        List<JWK> keys = List.of(key);
        return () -> keys;
    }

    /** The secret's UTF-8 bytes; never echoed in a message. */
    private static OctetSequenceKey secretKey(PluginConfig config, String secret) throws PluginConfigException {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MINIMUM_SECRET_BYTES) {
            throw config.invalid(JwtSettings.SECRET, "is " + bytes.length + " bytes (" + bytes.length * 8
                    + " bits); HMAC needs at least " + MINIMUM_SECRET_BYTES + " bytes (256 bits)");
        }
        return new OctetSequenceKey.Builder(bytes).build();
    }

    /** HS256 for any accepted secret, HS384 and HS512 when it is as long as their hash [RFC 7518 3.2]. */
    private static List<JWSAlgorithm> hmacAlgorithms(int secretBytes) {
        List<JWSAlgorithm> algorithms = new ArrayList<>(List.of(JWSAlgorithm.HS256));
        if (secretBytes >= 48) {
            algorithms.add(JWSAlgorithm.HS384);
        }
        if (secretBytes >= 64) {
            algorithms.add(JWSAlgorithm.HS512);
        }
        return algorithms;
    }

    private static JWK publicKey(PluginConfig config, Path file) throws PluginConfigException {
        try {
            return PublicKeyFile.read(file);
        } catch (IOException unreadable) {
            throw config.invalid(JwtSettings.PUBLIC_KEY_FILE, "cannot read " + file + " (" + unreadable + ")");
        } catch (IllegalArgumentException wrong) {
            throw config.invalid(JwtSettings.PUBLIC_KEY_FILE, file + " " + wrong.getMessage());
        }
    }

    private static KeySource jwksFile(PluginConfig config, PluginContext context, Path file,
                                      PluginMetrics.Counter refreshes) throws PluginConfigException {
        try {
            return JwksFileSource.open(file, context.logger(), refreshes);
        } catch (IOException unreadable) {
            throw config.invalid(JwtSettings.JWKS_FILE, "cannot read " + file + " (" + unreadable + ")");
        } catch (IllegalArgumentException wrong) {
            throw config.invalid(JwtSettings.JWKS_FILE, file + " " + wrong.getMessage());
        }
    }

    private static KeySource jwksUrl(PluginConfig config, PluginContext context, String text,
                                     PluginMetrics.Counter refreshes) throws PluginConfigException {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (java.net.URISyntaxException invalid) {
            throw config.invalid(JwtSettings.JWKS_URL, "not a URL: '" + text + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw config.invalid(JwtSettings.JWKS_URL, "expected an http or https URL, got '" + text + "'");
        }
        if (scheme.equals("http")) {
            context.logger().log(Level.WARNING, "jwks-url " + uri + " is plain http: whoever sits on the path can "
                    + "hand the broker keys of their own; use https");
        }
        Duration refresh = config.duration(JwtSettings.JWKS_REFRESH, DEFAULT_REFRESH);
        Duration minimumInterval = config.duration(JwtSettings.JWKS_MIN_INTERVAL, DEFAULT_MINIMUM_INTERVAL);
        // give up a little before the broker's deadline on the call, to answer with a decision of our own
        Duration timeout = context.callTimeout().multipliedBy(3).dividedBy(4);
        JwksUrlSource source = new JwksUrlSource(uri, refresh, minimumInterval, timeout, context.clock(),
                context.logger(), refreshes);
        source.start();
        return source;
    }

    private static void refuseWithout(PluginConfig config, String needed, String... keys) throws PluginConfigException {
        for (String key : keys) {
            if (config.has(key)) {
                throw config.invalid(key, "applies to " + config.fullKey(needed) + ", which is not set");
            }
        }
    }

    /**
     * The configured algorithms, each of which must fit a configured key, or by default all that fit. Never
     * {@code none}; an HMAC algorithm only with {@code secret}, so a public key can never serve as an HMAC secret.
     */
    private static Set<JWSAlgorithm> algorithms(PluginConfig config, Set<JWSAlgorithm> fitting)
            throws PluginConfigException {
        List<String> names = config.list(JwtSettings.ALGORITHMS);
        if (names.isEmpty()) {
            return Set.copyOf(fitting);
        }
        Set<JWSAlgorithm> chosen = new LinkedHashSet<>();
        for (String name : names) {
            String trimmed = name.strip();
            if (trimmed.equalsIgnoreCase("none")) {
                throw config.invalid(JwtSettings.ALGORITHMS, "'none' accepts unsigned tokens and is never allowed");
            }
            JWSAlgorithm algorithm = JWSAlgorithm.parse(trimmed);
            boolean known = JWSAlgorithm.Family.HMAC_SHA.contains(algorithm) || RSA.contains(algorithm)
                    || EC.contains(algorithm);
            if (!known) {
                throw config.invalid(JwtSettings.ALGORITHMS, "'" + trimmed + "' is not supported; supported are "
                        + "HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512");
            }
            if (!fitting.contains(algorithm)) {
                throw config.invalid(JwtSettings.ALGORITHMS, trimmed + " fits none of the configured keys"
                        + (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm) ? " (HMAC needs " + config.fullKey(
                        JwtSettings.SECRET) + ", as long as the hash: 32, 48 or 64 bytes)" : "")
                        + "; they fit " + fitting);
            }
            chosen.add(algorithm);
        }
        return chosen;
    }
}
