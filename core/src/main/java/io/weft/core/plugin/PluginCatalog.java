package io.weft.core.plugin;

import io.weft.spi.PluginProvider;
import io.weft.spi.SpiVersion;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Immutable once built at start-up, read from any thread: the plugin providers the broker can make instances of,
 * by type: those on the broker's class path and those in the plugins directory, where each {@code *.jar} and each
 * folder of jars gets a class loader of its own that sees only the SPI and the JDK ({@link SpiOnlyClassLoader}).
 */
public final class PluginCatalog {

    private static final System.Logger LOG = System.getLogger(PluginCatalog.class.getName());

    /** A provider, where it came from, and the class loader its plugin's code runs with. */
    public record Entry(PluginProvider provider, String origin, ClassLoader loader) {
    }

    private final Map<String, Entry> entries;

    private PluginCatalog(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** Providers on {@code classPath} only (tests and embedding). */
    public static PluginCatalog fromClassPath(ClassLoader classPath) throws PluginException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        addAll(entries, classPath, "the class path");
        return new PluginCatalog(entries);
    }

    /**
     * Providers on {@code classPath} and in {@code directory} (which may be missing: then there are none from it).
     */
    public static PluginCatalog discover(ClassLoader classPath, Path directory) throws PluginException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        addAll(entries, classPath, "the class path");
        if (!Files.isDirectory(directory)) {
            LOG.log(System.Logger.Level.DEBUG, "no plugins directory at {0}", directory.toAbsolutePath());
            return new PluginCatalog(entries);
        }
        SpiOnlyClassLoader parent = new SpiOnlyClassLoader(PluginProvider.class.getClassLoader());
        for (Path unit : units(directory)) {
            List<URL> jars = jarsOf(unit);
            if (jars.isEmpty()) {
                continue;
            }
            URLClassLoader loader = new URLClassLoader("weft-plugin-" + unit.getFileName(),
                    jars.toArray(URL[]::new), parent);
            int before = entries.size();
            addAll(entries, loader, unit.toString());
            if (entries.size() == before) {
                LOG.log(System.Logger.Level.WARNING, "{0} holds no io.weft.spi.PluginProvider (no "
                        + "META-INF/services/io.weft.spi.PluginProvider entry)", unit);
            }
        }
        return new PluginCatalog(entries);
    }

    /** Each jar in the directory, and each folder in it (holding a plugin's jar and its libraries), sorted. */
    private static List<Path> units(Path directory) throws PluginException {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(path -> Files.isDirectory(path) || path.toString().endsWith(".jar"))
                    .sorted().toList();
        } catch (IOException failure) {
            throw new PluginException("cannot read the plugins directory " + directory + " (plugins.directory): "
                    + failure.getMessage(), failure);
        }
    }

    private static List<URL> jarsOf(Path unit) throws PluginException {
        List<URL> urls = new ArrayList<>();
        try {
            List<Path> jars;
            if (Files.isDirectory(unit)) {
                try (Stream<Path> listing = Files.list(unit)) {
                    jars = listing.filter(path -> path.toString().endsWith(".jar")).sorted().toList();
                }
            } else {
                jars = List.of(unit);
            }
            for (Path jar : jars) {
                checkReadable(jar);
                urls.add(jar.toUri().toURL());
            }
            return urls;
        } catch (IOException failure) {
            throw new PluginException("cannot read plugin " + unit + ": " + failure.getMessage(), failure);
        }
    }

    /** A class loader skips a damaged jar silently; the operator should hear of it instead. */
    private static void checkReadable(Path jar) throws PluginException {
        try (JarFile ignored = new JarFile(jar.toFile())) {
            // opening reads the central directory: enough to tell a jar from a damaged or foreign file
        } catch (IOException damaged) {
            throw new PluginException("plugin jar " + jar + " is not a readable jar (" + damaged.getMessage()
                    + "); remove or replace it", damaged);
        }
    }

    private static void addAll(Map<String, Entry> entries, ClassLoader loader, String origin) throws PluginException {
        List<PluginProvider> providers = new ArrayList<>();
        try {
            ServiceLoader.load(PluginProvider.class, loader).forEach(providers::add);
        } catch (ServiceConfigurationError | LinkageError broken) {
            throw new PluginException("cannot load the plugin providers of " + origin + ": " + broken.getMessage(),
                    broken);
        }
        for (PluginProvider provider : providers) {
            add(entries, provider, loader, origin);
        }
    }

    private static void add(Map<String, Entry> entries, PluginProvider provider, ClassLoader loader, String origin)
            throws PluginException {
        String type;
        int version;
        try {
            type = PluginProvider.checkType(provider.type());
            version = provider.spiVersion();
        } catch (RuntimeException | LinkageError broken) {
            throw new PluginException("plugin provider " + provider.getClass().getName() + " in " + origin
                    + " is broken: " + broken, broken);
        }
        if (version != SpiVersion.MAJOR) {
            throw new PluginException("plugin provider " + provider.getClass().getName() + " (type " + type
                    + ") in " + origin + " was built for SPI version " + version + "; this broker runs SPI "
                    + SpiVersion.current());
        }
        Entry previous = entries.get(type);
        if (previous != null) {
            throw new PluginException("two plugin providers of type " + type + ": " + previous.provider().getClass()
                    .getName() + " in " + previous.origin() + " and " + provider.getClass().getName() + " in "
                    + origin + "; remove one");
        }
        entries.put(type, new Entry(provider, origin, loader));
        LOG.log(System.Logger.Level.DEBUG, "plugin type {0} from {1}", type, origin);
    }

    public Optional<Entry> find(String type) {
        return Optional.ofNullable(entries.get(type));
    }

    /** The types found, in discovery order. */
    public List<String> types() {
        return List.copyOf(entries.keySet());
    }
}
