package io.weft.core.plugin;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.weft.core.BrokerSettings;
import io.weft.core.PluginSettings;
import io.weft.core.security.Authenticator;
import io.weft.core.security.EnhancedAuthenticator;
import io.weft.spi.event.BrokerEvent;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Changed by the thread that starts the broker or reloads its configuration (one at a time, under a lock); read by
 * clients' threads. The broker's plugins: makes the configured instances, gives the broker its authentication
 * chain, enhanced authentication and event sink, and enables, disables or reconfigures instances while the broker
 * runs; every change replaces the {@link ActivePlugins} snapshot as a whole, which clients' threads only read.
 */
public final class Plugins implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Plugins.class.getName());
    private static final long WATCHDOG_PERIOD_MILLIS = 200;

    private final PluginSettings settings;
    private final Path dataDirectory;
    private final InetAddress listenerAddress;
    private final PluginCalls calls;
    private final PluginFactory factory;
    private final ReentrantLock changes = new ReentrantLock();
    /** Interrupts listener calls past their deadline; made with the first listener (under the lock). */
    private ScheduledExecutorService watchdog;
    private volatile ActivePlugins active = ActivePlugins.NONE;
    private volatile boolean closed;

    private Plugins(PluginCatalog catalog, BrokerSettings settings, PrometheusRegistry registry) {
        this.settings = settings.plugins();
        this.dataDirectory = settings.dataDirectory().resolve("plugins");
        this.listenerAddress = resolve(settings.bindAddress());
        this.calls = new PluginCalls(new PluginTelemetry(registry));
        this.factory = new PluginFactory(catalog, this.settings, dataDirectory, calls,
                new PluginMetricFamilies(registry));
    }

    /**
     * Makes every enabled instance of {@code specs}, in order. Any problem (an unknown type, a configuration error,
     * a plugin that fails or takes too long to start) stops the already made ones and throws, naming the key.
     */
    public static Plugins start(PluginCatalog catalog, List<PluginSpec> specs, BrokerSettings settings,
                                PrometheusRegistry registry) throws PluginException {
        Plugins plugins = new Plugins(catalog, settings, registry);
        Changes result = plugins.apply(specs);
        if (!result.failures().isEmpty()) {
            plugins.close();
            throw new PluginException(result.failures().getFirst());
        }
        return plugins;
    }

    /** The authentication chain for CONNECTs without an Authentication Method (see {@link AuthenticationChain}). */
    public Authenticator authenticator() {
        return new AuthenticationChain(this);
    }

    /** MQTT 5 enhanced authentication by the enabled enhanced authenticators. */
    public EnhancedAuthenticator enhancedAuthenticator() {
        return new EnhancedAuthentication(this);
    }

    /** Where the broker hands events for the enabled listeners. */
    public EventSink events() {
        return new EventSink() {
            @Override
            public boolean wants(EventKind kind) {
                return (active.eventMask() & kind.bit()) != 0;
            }

            @Override
            public void emit(BrokerEvent event) {
                EventKind kind = EventKind.of(event);
                for (PluginInstance listener : active.listeners()) {
                    if (listener.dispatcher().wants(kind)) {
                        listener.dispatcher().offer(event);
                    }
                }
            }
        };
    }

    ActivePlugins active() {
        return active;
    }

    PluginCalls calls() {
        return calls;
    }

    PluginSettings settings() {
        return settings;
    }

    /** Whether anonymous clients are admitted on the broker's listener ({@code auth.anonymous}). */
    boolean anonymousAllowed() {
        return settings.anonymous().allowedOn(listenerAddress);
    }

    /** What one {@link #apply} changed and what it could not. */
    public record Changes(List<String> started, List<String> stopped, List<String> failures) {
    }

    /**
     * Makes the running plugins match {@code specs}: starts new and newly enabled instances, stops removed and
     * disabled ones, replaces instances whose type or configuration changed (the new one is made before the old one
     * stops). An instance that cannot be made is reported in {@link Changes#failures()} and the one running before,
     * if any, goes on. Clients that connect later see the new chain; established connections keep what they got.
     */
    public Changes apply(List<PluginSpec> specs) {
        changes.lock();
        try {
            if (closed) {
                return new Changes(List.of(), List.of(), List.of("the broker's plugins are closed"));
            }
            List<String> failures = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (PluginSpec spec : specs) {
                if (!names.add(spec.name())) {
                    failures.add(spec.key() + ": configured twice");
                    return new Changes(List.of(), List.of(), failures);
                }
            }
            ActivePlugins before = active;
            List<PluginInstance> running = new ArrayList<>();
            List<PluginInstance> stopping = new ArrayList<>();
            List<String> started = new ArrayList<>();
            for (PluginSpec spec : specs) {
                Optional<PluginInstance> old = before.instance(spec.name());
                if (!spec.enabled()) {
                    old.ifPresent(stopping::add);
                    factory.checkKnown(spec);
                } else if (old.isPresent() && old.get().spec().equals(spec)) {
                    running.add(old.get());
                } else {
                    try {
                        running.add(factory.create(spec));
                        started.add(spec.name());
                        old.ifPresent(stopping::add);
                    } catch (PluginException failure) {
                        failures.add(failure.getMessage());
                        old.ifPresent(running::add);
                    }
                }
            }
            before.instances().stream().filter(instance -> !names.contains(instance.name())).forEach(stopping::add);
            active = ActivePlugins.of(specs, running);
            if (watchdog == null && !active.listeners().isEmpty()) {
                ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                        Thread.ofPlatform().name("weft-plugin-watchdog").daemon(true).factory());
                timer.scheduleWithFixedDelay(this::enforceDeadlines, WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS,
                        TimeUnit.MILLISECONDS);
                watchdog = timer;
            }
            stopping.forEach(factory::close);
            List<String> stopped = stopping.stream().map(PluginInstance::name).toList();
            if (!started.isEmpty() || !stopped.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "plugins running: {0} (started {1}, stopped {2})",
                        running.stream().map(PluginInstance::name).toList(), started, stopped);
            }
            return new Changes(started, stopped, failures);
        } finally {
            changes.unlock();
        }
    }

    /** Enables the configured instance {@code name} (an unknown name is a failure). */
    public Changes enable(String name) {
        return setEnabled(name, true);
    }

    /** Disables the configured instance {@code name}: new CONNECTs no longer reach it. */
    public Changes disable(String name) {
        return setEnabled(name, false);
    }

    private Changes setEnabled(String name, boolean enabled) {
        changes.lock();
        try {
            List<PluginSpec> specs = new ArrayList<>(active.specs());
            int index = -1;
            for (int position = 0; position < specs.size(); position++) {
                if (specs.get(position).name().equals(name)) {
                    index = position;
                }
            }
            if (index < 0) {
                return new Changes(List.of(), List.of(), List.of("no plugin instance named " + name));
            }
            specs.set(index, specs.get(index).withEnabled(enabled));
            return apply(specs);
        } finally {
            changes.unlock();
        }
    }

    /** Each configured instance: its name, type, whether it is running and the roles it plays. */
    public record Status(String name, String type, boolean running, List<String> roles) {
    }

    public List<Status> status() {
        ActivePlugins now = active;
        return now.specs().stream().map(spec -> {
            Optional<PluginInstance> instance = now.instance(spec.name());
            return new Status(spec.name(), spec.type(), instance.isPresent(), instance
                    .map(running -> io.weft.spi.Plugin.rolesOf(running.plugin()).stream()
                            .map(Class::getSimpleName).toList())
                    .orElse(List.of()));
        }).toList();
    }

    private void enforceDeadlines() {
        long now = System.nanoTime();
        for (PluginInstance listener : active.listeners()) {
            listener.dispatcher().enforceDeadline(now);
        }
    }

    /** Stops every instance (listeners first lose their queued events). Idempotent. */
    @Override
    public void close() {
        changes.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            ActivePlugins last = active;
            active = ActivePlugins.of(last.specs(), List.of());
            last.instances().forEach(factory::close);
            if (watchdog != null) {
                watchdog.shutdownNow();
            }
        } finally {
            changes.unlock();
        }
    }

    private static InetAddress resolve(String bindAddress) {
        try {
            return InetAddress.getByName(bindAddress);
        } catch (UnknownHostException unknown) {
            return null; // the listener cannot bind it either; treated as not loopback
        }
    }
}
