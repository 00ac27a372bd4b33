package io.weft.plugins.authscram;

import com.ongres.scram.common.ScramMechanism;
import io.weft.spi.Plugin;
import io.weft.spi.PluginConfig;
import io.weft.spi.PluginConfigException;
import io.weft.spi.PluginContext;
import io.weft.spi.PluginMetrics;
import io.weft.spi.PluginProvider;
import io.weft.spi.SpiVersion;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes {@code auth-scram} instances: MQTT 5 enhanced authentication with SCRAM (RFC 5802, RFC 7677) against a file
 * of PostgreSQL-style verifiers. Stateless.
 */
public final class ScramAuthenticationProvider implements PluginProvider {

    public static final String TYPE = "auth-scram";

    static final String CREDENTIALS_FILE = "credentials-file";
    static final String RELOAD_INTERVAL = "reload-interval";
    static final String METHODS = "methods";

    static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);
    static final List<String> DEFAULT_METHODS = List.of("SCRAM-SHA-256", "SCRAM-SHA-512");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int spiVersion() {
        return SpiVersion.MAJOR;
    }

    @Override
    public Plugin create(PluginContext context) throws PluginConfigException {
        PluginConfig config = context.config();
        config.allowOnly(CREDENTIALS_FILE, RELOAD_INTERVAL, METHODS);
        Path file = config.path(CREDENTIALS_FILE);
        Duration interval = config.duration(RELOAD_INTERVAL, DEFAULT_RELOAD_INTERVAL);
        Map<String, ScramMechanism> methods = methods(config);

        SecureRandom random = new SecureRandom();
        DecoyCredentials decoys;
        try {
            decoys = DecoyCredentials.inDirectory(context.dataDirectory(), random);
        } catch (IOException unwritable) {
            throw new PluginConfigException(config.prefix(), "cannot keep the secret for unknown users' decoys in "
                    + context.dataDirectory() + ": " + unwritable, unwritable);
        }
        PluginMetrics metrics = context.metrics();
        PluginMetrics.Counter reloads = metrics.counter("credential_reloads",
                "Readings of the credentials file, by result (loaded, failed)", "result");
        CredentialsWatcher watcher;
        try {
            watcher = CredentialsWatcher.start(file, interval, context.logger(), reloads,
                    "weft-plugin-" + context.name() + "-credentials");
        } catch (IOException unreadable) {
            throw config.invalid(CREDENTIALS_FILE, "cannot read " + file + ": " + unreadable);
        }
        ScramAuthenticator authenticator = new ScramAuthenticator(methods, watcher, decoys, random,
                metrics.counter("exchanges", "SCRAM exchanges by result (success, wrong_proof, unknown_user, "
                        + "user_mismatch, nonce_mismatch, channel_binding, malformed, abandoned)", "result"));
        metrics.gauge("users", "Users with a verifier in the credentials file", authenticator::users);
        return authenticator;
    }

    private static Map<String, ScramMechanism> methods(PluginConfig config) throws PluginConfigException {
        List<String> names = config.has(METHODS) ? config.list(METHODS) : DEFAULT_METHODS;
        if (names.isEmpty()) {
            throw config.invalid(METHODS, "name at least one of " + DEFAULT_METHODS);
        }
        Map<String, ScramMechanism> methods = new LinkedHashMap<>();
        for (String name : names) {
            ScramMechanism mechanism = ScramCredential.MECHANISMS.get(name);
            if (mechanism == null) {
                throw config.invalid(METHODS, "unknown method '" + name + "'; known are " + DEFAULT_METHODS);
            }
            methods.put(name, mechanism);
        }
        return methods;
    }
}
