package io.weft.testkit;

import io.weft.spi.PluginConfig;
import io.weft.spi.PluginContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link PluginContext} for unit tests: the configuration a test gives, a temporary data directory, a
 * {@link RecordingLogger}, {@link RecordingMetrics} and a {@link MutableClock}.
 *
 * <pre>{@code
 * TestPluginContext context = TestPluginContext.builder("users")
 *         .set("users-file", passwords.toString())
 *         .build();
 * }</pre>
 */
public final class TestPluginContext implements PluginContext {

    private final String name;
    private final PluginConfig config;
    private final Path dataDirectory;
    private final RecordingLogger logger;
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final MutableClock clock;
    private final Duration callTimeout;

    private TestPluginContext(Builder builder) {
        this.name = builder.name;
        this.config = PluginConfig.of("plugins.instances." + builder.name, builder.values, builder.baseDirectory);
        this.dataDirectory = builder.dataDirectory;
        this.logger = new RecordingLogger("weft.plugin." + builder.name);
        this.clock = builder.clock;
        this.callTimeout = builder.callTimeout;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PluginConfig config() {
        return config;
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public RecordingLogger logger() {
        return logger;
    }

    @Override
    public RecordingMetrics metrics() {
        return metrics;
    }

    @Override
    public MutableClock clock() {
        return clock;
    }

    @Override
    public Duration callTimeout() {
        return callTimeout;
    }

    /** Builds a context; everything has a default but the name. */
    public static final class Builder {
        private final String name;
        private final Map<String, Object> values = new LinkedHashMap<>();
        private Path baseDirectory = Path.of("").toAbsolutePath();
        private Path dataDirectory;
        private MutableClock clock = MutableClock.create();
        private Duration callTimeout = Duration.ofSeconds(5);

        private Builder(String name) {
            this.name = name;
        }

        /** One configuration value: a String, a List or a Map, as the YAML file would give it. */
        public Builder set(String key, Object value) {
            values.put(key, value);
            return this;
        }

        public Builder config(Map<String, ?> entries) {
            values.putAll(entries);
            return this;
        }

        /** What relative paths in the configuration resolve against (the working directory by default). */
        public Builder baseDirectory(Path directory) {
            this.baseDirectory = directory;
            return this;
        }

        /** The plugin's data directory (a new temporary directory by default). */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        public Builder clock(MutableClock newClock) {
            this.clock = newClock;
            return this;
        }

        public Builder callTimeout(Duration timeout) {
            this.callTimeout = timeout;
            return this;
        }

        public TestPluginContext build() {
            if (dataDirectory == null) {
                try {
                    dataDirectory = Files.createTempDirectory("weft-plugin-" + name);
                } catch (IOException failure) {
                    throw new UncheckedIOException(failure);
                }
            }
            return new TestPluginContext(this);
        }
    }
}
