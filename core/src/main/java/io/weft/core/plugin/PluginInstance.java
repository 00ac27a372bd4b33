package io.weft.core.plugin;

import io.weft.spi.Plugin;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.Authorizer;
import io.weft.spi.auth.EnhancedAuthenticator;
import io.weft.spi.event.BrokerEventListener;

import java.util.Set;

/**
 * One running plugin instance: its configuration, the plugin, the class loader its calls run with, and what it
 * told the broker when it was enabled (its authentication methods, the events it wants). Immutable; shared by every
 * thread that calls the plugin.
 *
 * @param methods    the enhanced authentication methods, empty unless it is an {@link EnhancedAuthenticator}
 * @param dispatcher its event queue and thread, null unless it is a {@link BrokerEventListener}
 */
record PluginInstance(PluginSpec spec, Plugin plugin, ClassLoader loader, Set<String> methods,
                      EventDispatcher dispatcher) {

    String name() {
        return spec.name();
    }

    Authenticator authenticator() {
        return plugin instanceof Authenticator authenticator ? authenticator : null;
    }

    EnhancedAuthenticator enhancedAuthenticator() {
        return plugin instanceof EnhancedAuthenticator enhanced ? enhanced : null;
    }

    Authorizer authorizer() {
        return plugin instanceof Authorizer authorizer ? authorizer : null;
    }
}
