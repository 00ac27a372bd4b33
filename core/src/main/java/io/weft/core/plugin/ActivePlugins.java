package io.weft.core.plugin;

import java.util.List;
import java.util.Optional;

/**
 * Immutable, read from any thread: the plugin instances running now and the configuration they come from: an
 * immutable snapshot that {@link Plugins} replaces as a whole on every change, so a client's CONNECT sees one
 * consistent chain.
 *
 * @param specs     every configured instance, enabled or not, in configuration order
 * @param instances the running ones, in configuration order
 */
record ActivePlugins(List<PluginSpec> specs, List<PluginInstance> instances, List<PluginInstance> authenticators,
                     List<PluginInstance> enhancedAuthenticators, List<PluginInstance> authorizers,
                     List<PluginInstance> listeners, int eventMask) {

    static final ActivePlugins NONE = of(List.of(), List.of());

    static ActivePlugins of(List<PluginSpec> specs, List<PluginInstance> instances) {
        int mask = 0;
        for (PluginInstance instance : instances) {
            if (instance.dispatcher() != null) {
                mask |= instance.dispatcher().mask();
            }
        }
        return new ActivePlugins(List.copyOf(specs), List.copyOf(instances),
                instances.stream().filter(instance -> instance.authenticator() != null).toList(),
                instances.stream().filter(instance -> instance.enhancedAuthenticator() != null).toList(),
                instances.stream().filter(instance -> instance.authorizer() != null).toList(),
                instances.stream().filter(instance -> instance.dispatcher() != null).toList(),
                mask);
    }

    Optional<PluginInstance> instance(String name) {
        return instances.stream().filter(instance -> instance.name().equals(name)).findFirst();
    }

    Optional<PluginSpec> spec(String name) {
        return specs.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }
}
