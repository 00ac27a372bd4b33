package io.weft.testkit;

import io.weft.spi.Plugin;
import io.weft.spi.PluginConfigException;
import io.weft.spi.PluginProvider;
import io.weft.spi.SpiVersion;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds a provider and makes a plugin the way the broker does: {@link ServiceLoader} over the test's class path
 * (so a missing or misspelt {@code META-INF/services/io.weft.spi.PluginProvider} fails the test, as it would fail
 * the broker), the same checks of the type name, the SPI version and the roles.
 *
 * <pre>{@code
 * Authenticator authenticator = PluginHarness.create("token-auth", context, Authenticator.class);
 * }</pre>
 */
public final class PluginHarness {

    private PluginHarness() {
    }

    /** The provider of {@code type} on the class path. */
    public static PluginProvider provider(String type) {
        List<PluginProvider> providers = ServiceLoader.load(PluginProvider.class, loader()).stream()
                .map(ServiceLoader.Provider::get).toList();
        List<PluginProvider> matching = providers.stream().filter(provider -> provider.type().equals(type)).toList();
        if (matching.isEmpty()) {
            throw new AssertionError("no PluginProvider of type '" + type + "' is registered in "
                    + "META-INF/services/io.weft.spi.PluginProvider; found types "
                    + providers.stream().map(PluginProvider::type).toList());
        }
        if (matching.size() > 1) {
            throw new AssertionError("several providers of type '" + type + "': " + matching);
        }
        PluginProvider provider = matching.getFirst();
        try {
            PluginProvider.checkType(provider.type());
        } catch (IllegalArgumentException invalid) {
            throw new AssertionError(invalid.getMessage(), invalid);
        }
        if (provider.spiVersion() != SpiVersion.MAJOR) {
            throw new AssertionError(provider.getClass().getName() + " was built for SPI " + provider.spiVersion()
                    + ", the broker runs " + SpiVersion.MAJOR + " (return SpiVersion.MAJOR from spiVersion())");
        }
        return provider;
    }

    /** A plugin of {@code type}, made with {@code context}; it must play at least one role. */
    public static Plugin create(String type, TestPluginContext context) throws PluginConfigException {
        Plugin plugin = provider(type).create(context);
        if (plugin == null) {
            throw new AssertionError("the provider of '" + type + "' returned null");
        }
        if (Plugin.rolesOf(plugin).isEmpty()) {
            throw new AssertionError(plugin.getClass().getName() + " implements none of the roles " + Plugin.ROLES);
        }
        return plugin;
    }

    /** A plugin of {@code type} that must play {@code role}. */
    public static <T> T create(String type, TestPluginContext context, Class<T> role) throws PluginConfigException {
        Plugin plugin = create(type, context);
        if (!role.isInstance(plugin)) {
            throw new AssertionError(plugin.getClass().getName() + " is not a " + role.getSimpleName());
        }
        return role.cast(plugin);
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : PluginHarness.class.getClassLoader();
    }
}
