package io.weft.distribution;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.weft.core.Broker;
import io.weft.core.BrokerSettings;
import io.weft.core.plugin.PluginCatalog;
import io.weft.core.plugin.PluginException;
import io.weft.core.plugin.Plugins;
import io.weft.core.store.Persistence;
import io.weft.core.store.Stores;
import io.weft.distribution.config.Configuration;
import io.weft.storage.ChronicleStorage;
import io.weft.storage.StorageException;
import io.weft.storage.StorageSettings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Made on the main thread, closed from the shutdown thread: the composition of a running broker, in order: one
 * metrics registry (the JVM's, the plugins', the journal's and the broker's metrics), plugins (from the class path
 * and the plugins directory), the journal under {@code data-dir/journal}, the broker, the metrics endpoint (when
 * {@code metrics.port} is set) and the reloader of the configuration file's plugins. Made on the main thread;
 * {@link #close()} undoes it in reverse order from the shutdown thread.
 */
final class Assembly implements Main.RunningBroker {

    private static final System.Logger LOG = System.getLogger(Assembly.class.getName());

    private final Plugins plugins;
    private final ChronicleStorage storage;
    private final Broker broker;
    private final MetricsEndpoint endpoint;
    private final PluginReloader reloader;

    private Assembly(Plugins plugins, ChronicleStorage storage, Broker broker, MetricsEndpoint endpoint,
                     PluginReloader reloader) {
        this.plugins = plugins;
        this.storage = storage;
        this.broker = broker;
        this.endpoint = endpoint;
        this.reloader = reloader;
    }

    static Assembly start(Configuration configuration, PluginReloader.Source source)
            throws IOException, StorageException, PluginException, MetricsEndpoint.Unavailable {
        BrokerSettings settings = configuration.settings();
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        Path directory = pluginDirectory(settings.plugins().directory());
        Plugins plugins = Plugins.start(PluginCatalog.discover(Assembly.class.getClassLoader(), directory),
                configuration.plugins(), settings, registry);
        ChronicleStorage storage = null;
        Broker broker = null;
        try {
            if (settings.persistence() != Persistence.NONE) {
                storage = ChronicleStorage.open(new StorageSettings(settings.dataDirectory().resolve("journal"),
                        settings.durability(), settings.syncInterval(), settings.maximumDiskBytes(),
                        settings.journalRoll(), settings.maximumPacketSize()));
                storage.registerMetrics(registry);
            }
            broker = Broker.start(settings, storage == null ? Stores.inMemory() : storage.stores(), plugins, registry);
            MetricsEndpoint endpoint = MetricsEndpoint.start(settings.metrics(), registry);
            PluginReloader reloader = null;
            if (configuration.file().isPresent()) {
                reloader = new PluginReloader(configuration.file().get(), settings.plugins().reloadInterval(), source,
                        plugins, settings);
                reloader.start();
            }
            return new Assembly(plugins, storage, broker, endpoint, reloader);
        } catch (IOException | StorageException | MetricsEndpoint.Unavailable | RuntimeException failure) {
            if (broker != null) {
                broker.close();
            }
            if (storage != null) {
                storage.close();
            }
            plugins.close();
            throw failure;
        }
    }

    /**
     * A relative plugins directory is the installation's ({@code weft.home}, set by bin/weft) when there is one, so
     * the bundled plugins are found from any working directory.
     */
    static Path pluginDirectory(Path configured) {
        String home = System.getProperty("weft.home");
        Path directory = configured.isAbsolute() || home == null ? configured : Path.of(home).resolve(configured);
        LOG.log(System.Logger.Level.DEBUG, "plugins directory {0}", directory.toAbsolutePath());
        return directory;
    }

    @Override
    public InetSocketAddress localAddress() {
        return broker.localAddress();
    }

    @Override
    public InetSocketAddress metricsAddress() {
        return endpoint == null ? null : endpoint.address();
    }

    @Override
    public void reload() {
        if (reloader != null) {
            reloader.requestReload();
        } else {
            LOG.log(System.Logger.Level.INFO, "no configuration file to reload (start with --config FILE)");
        }
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
        broker.close();
        plugins.close();
        if (storage != null) {
            storage.close();
        }
    }
}
