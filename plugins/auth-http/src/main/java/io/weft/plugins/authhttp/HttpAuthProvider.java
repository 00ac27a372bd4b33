package io.weft.plugins.authhttp;

import io.weft.spi.Plugin;
import io.weft.spi.PluginConfigException;
import io.weft.spi.PluginContext;
import io.weft.spi.PluginProvider;
import io.weft.spi.SpiVersion;

/**
 * Makes {@code auth-http} instances: an {@link io.weft.spi.auth.Authenticator} when {@code authentication-url} is
 * set, an {@link io.weft.spi.auth.Authorizer} when {@code authorization-url} is, or both. Stateless.
 */
public final class HttpAuthProvider implements PluginProvider {

    @Override
    public String type() {
        return "auth-http";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.MAJOR;
    }

    @Override
    public Plugin create(PluginContext context) throws PluginConfigException {
        HttpAuthSettings settings = HttpAuthSettings.read(context.config(), context.callTimeout());
        ServiceMetrics metrics = new ServiceMetrics(context.metrics());
        ServiceClient client = new ServiceClient(settings, metrics);
        HttpAuthenticator authenticator = settings.authenticationUrl().map(url -> {
            DecisionCache cache = DecisionCache.create(settings.cacheSize(), settings.cacheTtl(),
                    settings.denyCacheTtl(), context.clock());
            context.metrics().gauge("cache_entries", "Authentication decisions in the cache (expired ones may "
                    + "count until swept)", cache::size);
            return new HttpAuthenticator(url, client, cache, settings.onError(), metrics, context.logger());
        }).orElse(null);
        HttpAuthorizer authorizer = settings.authorizationUrl().map(url -> new HttpAuthorizer(url, client,
                settings.onError(), metrics, context.logger())).orElse(null);
        if (authenticator != null && authorizer != null) {
            return new HttpAuthenticatorAndAuthorizer(authenticator, authorizer);
        }
        return authenticator != null ? authenticator : authorizer;
    }
}
