package io.weft.plugins.authjwt;

import io.weft.spi.Plugin;
import io.weft.spi.PluginConfigException;
import io.weft.spi.PluginContext;
import io.weft.spi.PluginMetrics;
import io.weft.spi.PluginProvider;
import io.weft.spi.SpiVersion;

/**
 * Makes {@code auth-jwt} instances: clients present a JSON Web Token as their CONNECT password, verified with a
 * configured secret, public key or JWKS, and its claims grant topic permissions. See this module's README for the
 * configuration keys.
 */
public final class JwtAuthProvider implements PluginProvider {

    @Override
    public String type() {
        return "auth-jwt";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.MAJOR;
    }

    @Override
    public Plugin create(PluginContext context) throws PluginConfigException {
        context.config().allowOnly(JwtSettings.KEYS.toArray(String[]::new));
        JwtSettings settings = JwtSettings.read(context.config());
        PluginMetrics metrics = context.metrics();
        PluginMetrics.Counter validations = metrics.counter("validations",
                "Tokens checked, by result (allowed, denied, abstained) and reason", "result", "reason");
        PluginMetrics.Counter refreshes = metrics.counter("jwks_refreshes",
                "Key set reloads and fetches, by source (file, url) and result (ok, failed)", "source", "result");
        KeyRing keys = KeySources.create(context, refreshes);
        ClaimMapping mapping = new ClaimMapping(settings, context.logger());
        TokenVerifier verifier = new TokenVerifier(keys, settings, mapping, context.clock());
        return new JwtAuthenticator(verifier, keys, context.logger(), validations);
    }
}
