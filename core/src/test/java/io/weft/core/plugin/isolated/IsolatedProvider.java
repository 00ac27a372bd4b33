package io.weft.core.plugin.isolated;

import io.weft.spi.Plugin;
import io.weft.spi.PluginContext;
import io.weft.spi.PluginProvider;
import io.weft.spi.SpiVersion;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.Principal;

/**
 * Packed into a jar by PluginCatalogTest and loaded from a plugins directory (it is in no services file on the
 * class path). Its principal tells what its class loader sees: "isolated" when the broker's classes are out of
 * reach, and which loaders ran it.
 */
public final class IsolatedProvider implements PluginProvider {

    @Override
    public String type() {
        return "isolated";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.MAJOR;
    }

    @Override
    public Plugin create(PluginContext context) {
        String seen;
        try {
            Class.forName("io.weft.core.Broker", false, IsolatedProvider.class.getClassLoader());
            seen = "leaky";
        } catch (ClassNotFoundException expected) {
            seen = "isolated";
        }
        String view = seen;
        String contextLoader = String.valueOf(Thread.currentThread().getContextClassLoader() == IsolatedProvider.class
                .getClassLoader());
        return (Authenticator) attempt -> AuthenticationDecision.allow(new Principal(view,
                java.util.Map.of("context-loader-is-plugin-loader", contextLoader)), AccessPolicy.ALLOW_ALL);
    }
}
