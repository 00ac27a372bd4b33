package io.weft.distribution;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.weft.core.plugin.PluginCatalog;
import io.weft.core.plugin.Plugins;
import io.weft.distribution.config.ConfigLoader;
import io.weft.distribution.config.Configuration;
import io.weft.distribution.config.Invocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plugin changes in the configuration file reach the running plugins without a restart (the test-users plugin
 * comes from core's test jar); a file with a mistake changes nothing.
 */
class PluginReloaderTest {

    @TempDir
    Path directory;

    private static String config(String enabled, String extra) {
        return """
                data-dir: %s
                plugins:
                  reload-interval: 100ms
                  instances:
                    first:
                      type: test-users
                      enabled: %s
                      users: {alice: secret}
                %s""".formatted("DATA", enabled, extra);
    }

    @Test
    void fileChangesEnableDisableAddAndRemoveInstances() throws Exception {
        Path file = directory.resolve("weft.yaml");
        String data = directory.resolve("data").toString();
        Files.writeString(file, config("true", "").replace("DATA", data));
        PluginReloader.Source source = () -> ((Invocation.Start) ConfigLoader.load(List.of("--config",
                file.toString()), Map.of())).configuration();
        Configuration configuration = source.load();
        try (Plugins plugins = Plugins.start(PluginCatalog.fromClassPath(getClass().getClassLoader()),
                configuration.plugins(), configuration.settings(), new PrometheusRegistry());
             PluginReloader reloader = new PluginReloader(file, Duration.ofMillis(100), source, plugins,
                     configuration.settings())) {
            reloader.start();
            assertThat(running(plugins)).containsExactly("first");

            Files.writeString(file, config("false", """
                        second:
                          type: test-users
                          users: {bob: x}
                    """).replace("DATA", data));
            await().atMost(Duration.ofSeconds(5)).until(() -> running(plugins).equals(List.of("second")));

            Files.writeString(file, "plugins: [broken"); // a mistake: nothing changes
            reloader.requestReload();
            Files.writeString(file, config("true", "").replace("DATA", data));
            await().atMost(Duration.ofSeconds(5)).until(() -> running(plugins).equals(List.of("first")));
        }
    }

    private static List<String> running(Plugins plugins) {
        return plugins.status().stream().filter(Plugins.Status::running).map(Plugins.Status::name).toList();
    }
}
