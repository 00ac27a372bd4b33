package io.weft.core.plugin;

import io.weft.core.PluginSettings;
import io.weft.core.plugin.PluginCalls.Outcome;
import io.weft.spi.Plugin;
import io.weft.spi.PluginConfigException;
import io.weft.spi.auth.EnhancedAuthenticator;
import io.weft.spi.bridge.Bridge;
import io.weft.spi.event.BrokerEvent;
import io.weft.spi.event.BrokerEventListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Used on the thread that changes plugins, under {@link Plugins}' lock; stateless apart from its wiring. Makes and
 * stops plugin instances, each call under the start deadline.
 */
final class PluginFactory {

    private static final System.Logger LOG = System.getLogger(Plugins.class.getName());

    private final PluginCatalog catalog;
    private final PluginSettings settings;
    private final Path dataDirectory;
    private final PluginCalls calls;
    private final PluginMetricFamilies metrics;

    PluginFactory(PluginCatalog catalog, PluginSettings settings, Path dataDirectory, PluginCalls calls,
                  PluginMetricFamilies metrics) {
        this.catalog = catalog;
        this.settings = settings;
        this.dataDirectory = dataDirectory;
        this.calls = calls;
        this.metrics = metrics;
    }

    /** A disabled instance of an unknown type is only worth a warning: it may be disabled for that reason. */
    void checkKnown(PluginSpec spec) {
        if (catalog.find(spec.type()).isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "{0}.type: no plugin of type ''{1}'' is installed (the instance "
                    + "is disabled)", spec.key(), spec.type());
        }
    }

    PluginInstance create(PluginSpec spec) throws PluginException {
        PluginCatalog.Entry entry = catalog.find(spec.type()).orElseThrow(() -> new PluginException(spec.key()
                + ".type: no plugin of type '" + spec.type() + "'; installed types are " + catalog.types()
                + " (from the class path and " + settings.directory().toAbsolutePath() + ", plugins.directory)"));
        Path directory = dataDirectory.resolve(spec.name());
        try {
            Files.createDirectories(directory);
        } catch (IOException failure) {
            throw new PluginException(spec.key() + ": cannot create the plugin's data directory " + directory
                    + ": " + failure.getMessage(), failure);
        }
        BrokerPluginContext context = new BrokerPluginContext(spec.name(), spec.config(), directory,
                System.getLogger("weft.plugin." + spec.name()), metrics.forInstance(spec.type(), spec.name()),
                Clock.systemUTC(), settings.callTimeout());
        Outcome<Object> made = calls.call(spec.name(), entry.loader(), "create", settings.startTimeout(), () -> {
            try {
                return entry.provider().create(context);
            } catch (PluginConfigException wrong) {
                return wrong; // the operator's mistake, reported as such rather than as a plugin failure
            }
        });
        Plugin plugin = switch (made) {
            case Outcome.Answered<Object>(PluginConfigException wrong) -> throw new PluginException(wrong.getMessage());
            case Outcome.Answered<Object>(Plugin created) -> created;
            case Outcome.Answered<Object> other -> throw new PluginException(spec.key() + ": the provider of type "
                    + spec.type() + " made a " + other.value().getClass().getName() + ", not a plugin");
            case Outcome.Failed<Object>(Throwable cause) -> throw new PluginException(spec.key() + ": plugin "
                    + spec.type() + " failed to start: " + cause, cause);
            case Outcome.TimedOut<Object>() -> throw new PluginException(spec.key() + ": plugin " + spec.type()
                    + " did not start within " + settings.startTimeout().toSeconds() + " s (plugins.start-timeout)");
        };
        try {
            return running(spec, entry, plugin);
        } catch (PluginException refused) {
            stop(spec, entry.loader(), plugin);
            throw refused;
        }
    }

    private PluginInstance running(PluginSpec spec, PluginCatalog.Entry entry, Plugin plugin) throws PluginException {
        List<Class<? extends Plugin>> roles = Plugin.rolesOf(plugin);
        if (roles.isEmpty()) {
            throw new PluginException(spec.key() + ": " + plugin.getClass().getName() + " (type " + spec.type()
                    + ") implements none of the plugin roles " + Plugin.ROLES.stream().map(Class::getSimpleName)
                    .toList());
        }
        if (plugin instanceof Bridge) {
            throw new PluginException(spec.key() + ": type " + spec.type() + " is a bridge; this version of Weft "
                    + "fixes the bridge contract (SPI 1.0) but does not run bridges yet");
        }
        Set<String> methods = Set.of();
        if (plugin instanceof EnhancedAuthenticator enhanced) {
            methods = answer(spec, entry, "methods", () -> Set.copyOf(enhanced.methods()));
        }
        EventDispatcher dispatcher = null;
        if (plugin instanceof BrokerEventListener listener) {
            Set<Class<? extends BrokerEvent>> interests = answer(spec, entry, "interests",
                    () -> Set.copyOf(listener.interests()));
            dispatcher = new EventDispatcher(spec.name(), listener, entry.loader(), settings.eventQueue(),
                    EventSink.EventKind.mask(interests), settings.callTimeout(), calls);
            dispatcher.start();
        }
        calls.telemetry().started(spec.name(), operations(plugin), dispatcher != null);
        LOG.log(System.Logger.Level.INFO, "plugin {0} (type {1} from {2}) started: {3}", spec.name(), spec.type(),
                entry.origin(), roles.stream().map(Class::getSimpleName).toList());
        return new PluginInstance(spec, plugin, entry.loader(), methods, dispatcher);
    }

    /** The calls the broker makes to a plugin of these roles while it runs. */
    private static List<String> operations(Plugin plugin) {
        List<String> operations = new java.util.ArrayList<>();
        if (plugin instanceof io.weft.spi.auth.Authenticator) {
            operations.add("authenticate");
        }
        if (plugin instanceof io.weft.spi.auth.Authorizer) {
            operations.add("authorize");
        }
        if (plugin instanceof EnhancedAuthenticator) {
            operations.addAll(List.of("auth_begin", "auth_respond"));
        }
        if (plugin instanceof BrokerEventListener) {
            operations.add("event");
        }
        return operations;
    }

    private <T> T answer(PluginSpec spec, PluginCatalog.Entry entry, String operation,
                         java.util.concurrent.Callable<T> question) throws PluginException {
        return switch (calls.call(spec.name(), entry.loader(), operation, settings.startTimeout(), question)) {
            case Outcome.Answered<T>(T value) -> value;
            case Outcome.Failed<T>(Throwable cause) -> throw new PluginException(spec.key() + ": " + operation
                    + "() of plugin " + spec.type() + " failed: " + cause, cause);
            case Outcome.TimedOut<T>() -> throw new PluginException(spec.key() + ": " + operation + "() of plugin "
                    + spec.type() + " did not answer (plugins.start-timeout)");
        };
    }

    /** Stops delivering events to it, closes it under the start deadline, forgets its gauges. */
    void close(PluginInstance instance) {
        if (instance.dispatcher() != null) {
            instance.dispatcher().close(settings.callTimeout());
        }
        stop(instance.spec(), instance.loader(), instance.plugin());
        LOG.log(System.Logger.Level.INFO, "plugin {0} stopped", instance.name());
    }

    private void stop(PluginSpec spec, ClassLoader loader, Plugin plugin) {
        calls.call(spec.name(), loader, "close", settings.startTimeout(), () -> {
            plugin.close();
            return Boolean.TRUE;
        });
        metrics.forget(spec.type(), spec.name());
    }
}
