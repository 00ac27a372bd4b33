package io.weft.spi;

import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.Authorizer;
import io.weft.spi.auth.EnhancedAuthenticator;
import io.weft.spi.bridge.Bridge;
import io.weft.spi.event.BrokerEventListener;

import java.util.List;

/**
 * A configured plugin instance, made by its {@link PluginProvider}. It plays a role by implementing one or more
 * of {@link io.weft.spi.auth.Authenticator}, {@link io.weft.spi.auth.EnhancedAuthenticator},
 * {@link io.weft.spi.auth.Authorizer}, {@link io.weft.spi.event.BrokerEventListener} and
 * {@link io.weft.spi.bridge.Bridge}; the broker refuses a plugin that implements none of them.
 *
 * <p>One instance serves every connection, from many threads at once: its methods must be thread-safe.
 *
 * @since 1.0
 */
public interface Plugin extends AutoCloseable {

    /** The role interfaces, at least one of which a plugin implements. */
    List<Class<? extends Plugin>> ROLES = List.of(Authenticator.class, EnhancedAuthenticator.class, Authorizer.class,
            BrokerEventListener.class, Bridge.class);

    /** The roles {@code plugin} plays, in the order of {@link #ROLES}; empty when it plays none. */
    static List<Class<? extends Plugin>> rolesOf(Plugin plugin) {
        return ROLES.stream().filter(role -> role.isInstance(plugin)).toList();
    }

    /**
     * Releases what the plugin holds (threads, files, connections). Called once, on the thread that disables,
     * reloads or stops plugins (a configuration reload or the broker's shutdown), after the broker has stopped
     * handing the plugin new work; calls already under way may still be running. May block briefly; an
     * exception is logged and otherwise ignored.
     */
    @Override
    default void close() {
    }
}
