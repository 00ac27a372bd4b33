package io.weft.distribution;

import io.weft.core.Broker;
import io.weft.core.BrokerSettings;
import io.weft.core.plugin.PluginException;
import io.weft.distribution.config.ConfigException;
import io.weft.distribution.config.ConfigLoader;
import io.weft.distribution.config.Configuration;
import io.weft.distribution.config.ConfigurationReference;
import io.weft.distribution.config.Invocation;
import io.weft.distribution.config.Origin;
import io.weft.storage.StorageException;
import io.weft.storage.StorageFormatException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The composition root: loads the configuration, starts the broker, prints the ready line and waits for
 * SIGTERM or SIGINT. Exit status: 0 after a graceful shutdown, --help or --version; 1 when the broker
 * cannot start; 2 for a configuration error.
 */
public final class Main {

    static final int CONFIGURATION_ERROR = 2;
    static final int START_FAILURE = 1;

    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] arguments) {
        Launch launch = launch(List.of(arguments), System.getenv(), System.out, System.err, Assembly::start,
                Shutdown::install);
        switch (launch) {
            case Launch.Exit exit -> {
                System.out.flush();
                System.exit(exit.status());
            }
            case Launch.Serving serving -> Shutdown.awaitExit();
        }
    }

    /**
     * Everything up to and including the ready line, without blocking: load the configuration, create the
     * data directory, start the broker, call {@code beforeReady} (which installs the shutdown handling) and
     * print {@code Weft listening on mqtt://HOST:PORT}, then {@code Weft metrics on http://HOST:PORT/metrics}
     * when the metrics endpoint is on.
     */
    static Launch launch(List<String> arguments, Map<String, String> environment, PrintStream out,
                         PrintStream err, BrokerStarter starter, Consumer<RunningBroker> beforeReady) {
        Configuration configuration;
        PluginReloader.Source source = () -> switch (ConfigLoader.load(arguments, environment)) {
            case Invocation.Start start -> start.configuration();
            default -> throw new ConfigException("the command line no longer starts the broker");
        };
        try {
            Invocation invocation = ConfigLoader.load(arguments, environment);
            switch (invocation) {
                case Invocation.ShowHelp help -> {
                    out.print(ConfigurationReference.usage());
                    return new Launch.Exit(0);
                }
                case Invocation.ShowVersion version -> {
                    out.println("weft " + Broker.version());
                    return new Launch.Exit(0);
                }
                case Invocation.Start start -> configuration = start.configuration();
            }
            createDataDirectory(configuration);
        } catch (ConfigException invalid) {
            err.println("weft: " + invalid.getMessage());
            return new Launch.Exit(CONFIGURATION_ERROR);
        }
        BrokerSettings settings = configuration.settings();
        RunningBroker broker;
        try {
            broker = starter.start(configuration, source);
        } catch (PluginException plugin) {
            err.println("weft: " + plugin.getMessage());
            return new Launch.Exit(CONFIGURATION_ERROR);
        } catch (IOException cannotListen) {
            err.println("weft: cannot listen on " + settings.bindAddress() + ":" + settings.port()
                    + " (listener.bind, listener.port): " + cannotListen.getMessage());
            return new Launch.Exit(START_FAILURE);
        } catch (StorageException | StorageFormatException journal) {
            err.println("weft: " + journal.getMessage());
            return new Launch.Exit(START_FAILURE);
        } catch (MetricsEndpoint.Unavailable metrics) {
            err.println("weft: cannot serve metrics on " + settings.metrics().bindAddress() + ":"
                    + settings.metrics().port() + " (metrics.bind, metrics.port): " + metrics.getMessage());
            return new Launch.Exit(START_FAILURE);
        }
        beforeReady.accept(broker);
        out.println("Weft listening on mqtt://" + hostAndPort(broker.localAddress()));
        InetSocketAddress metrics = broker.metricsAddress();
        if (metrics != null) {
            out.println("Weft metrics on http://" + hostAndPort(metrics) + "/metrics");
        }
        out.flush();
        return new Launch.Serving(broker);
    }

    /** {@code 127.0.0.1:1883}, or {@code [::1]:1883}. */
    private static String hostAndPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static void createDataDirectory(Configuration configuration) throws ConfigException {
        Path directory = configuration.settings().dataDirectory();
        try {
            Files.createDirectories(directory);
        } catch (IOException | SecurityException cannotCreate) {
            Origin origin = configuration.origin("data-dir");
            throw ConfigException.at(origin, "bad value for 'data-dir': cannot create directory '" + directory
                    + "': " + describe(cannotCreate));
        }
    }

    private static String describe(Exception failure) {
        return switch (failure) {
            case AccessDeniedException denied -> "permission denied";
            case FileAlreadyExistsException exists -> "'" + exists.getFile() + "' exists and is not a directory";
            case NoSuchFileException missing -> "no such file or directory '" + missing.getFile() + "'";
            case FileSystemException other when other.getReason() != null -> other.getReason();
            default -> failure.toString();
        };
    }

    /** Starts a broker; a seam so tests can check Main without the real one. */
    @FunctionalInterface
    interface BrokerStarter {
        /** {@code source} loads the configuration again, for reloads while the broker runs. */
        RunningBroker start(Configuration configuration, PluginReloader.Source source)
                throws IOException, StorageException, PluginException, MetricsEndpoint.Unavailable;
    }

    /** What Main needs of a started broker. */
    interface RunningBroker extends AutoCloseable {
        InetSocketAddress localAddress();

        /** Where the metrics endpoint listens, or null when it is off. */
        default InetSocketAddress metricsAddress() {
            return null;
        }

        /** Loads the configuration file again and applies its plugin changes (SIGHUP). */
        default void reload() {
        }

        @Override
        void close();
    }

    /** The outcome of {@link #launch}. */
    sealed interface Launch {
        record Exit(int status) implements Launch {
        }

        record Serving(RunningBroker broker) implements Launch {
        }
    }
}
