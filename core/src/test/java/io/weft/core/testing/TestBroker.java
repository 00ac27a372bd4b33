package io.weft.core.testing;

import io.weft.core.Broker;
import io.weft.core.BrokerSettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.weft.core.plugin.PluginCatalog;
import io.weft.core.plugin.PluginException;
import io.weft.core.plugin.PluginSpec;
import io.weft.core.plugin.Plugins;
import io.weft.core.security.Authenticator;
import io.weft.core.security.EnhancedAuthenticator;
import io.weft.core.store.Stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A broker on 127.0.0.1 port 0 with a temporary data directory, for end-to-end tests. */
public final class TestBroker implements AutoCloseable {

    private final Broker broker;
    /** The plugins of {@link #startWithPlugins}, closed after the broker; null without. */
    private final Plugins plugins;

    private TestBroker(Broker broker) {
        this(broker, null);
    }

    private TestBroker(Broker broker, Plugins plugins) {
        this.broker = broker;
        this.plugins = plugins;
    }

    public static TestBroker start() {
        return start(settings());
    }

    /** Test defaults: port 0, a short connect timeout, a temporary data directory. */
    public static BrokerSettings settings() {
        try {
            Path data = Files.createTempDirectory("weft-test");
            return new BrokerSettings("127.0.0.1", 0, data, 1024 * 1024, Duration.ofSeconds(5), 32, 10_000, 1024);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    public static TestBroker start(BrokerSettings settings) {
        try {
            return new TestBroker(Broker.start(settings));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** A broker with the given stores and authentication seam (for restore and security tests). */
    public static TestBroker start(BrokerSettings settings, Stores stores, Authenticator authenticator) {
        try {
            return new TestBroker(Broker.start(settings, stores, authenticator));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** A broker with MQTT 5 enhanced authentication (for the AUTH exchange tests). */
    public static TestBroker start(BrokerSettings settings, EnhancedAuthenticator enhancedAuthenticator) {
        try {
            return new TestBroker(Broker.start(settings, Stores.inMemory(), Authenticator.ALLOW_ANONYMOUS,
                    enhancedAuthenticator));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /**
     * A broker with plugin instances whose providers are found on the test class path (a plugin module's tests find
     * their own provider), with in-memory stores. The broker's settings decide the plugin call timeout and the
     * anonymous rule ({@code settings.with(settings.plugins().withCallTimeout(...))}).
     */
    public static TestBroker startWithPlugins(BrokerSettings settings, PluginSpec... specs) {
        Plugins plugins;
        PrometheusRegistry registry = new PrometheusRegistry();
        try {
            plugins = Plugins.start(PluginCatalog.fromClassPath(TestBroker.class.getClassLoader()), List.of(specs),
                    settings, registry);
        } catch (PluginException failure) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        try {
            return new TestBroker(Broker.start(settings, Stores.inMemory(), plugins, registry), plugins);
        } catch (IOException | RuntimeException failure) {
            plugins.close();
            throw failure instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) failure;
        }
    }

    public Broker broker() {
        return broker;
    }

    /** The plugins of {@link #startWithPlugins}; null otherwise. */
    public Plugins plugins() {
        return plugins;
    }

    public int port() {
        return broker.localAddress().getPort();
    }

    /** {@code tcp://127.0.0.1:PORT}, for Paho. */
    public String uri() {
        return "tcp://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        broker.close();
        if (plugins != null) {
            plugins.close();
        }
    }
}
