package io.weft.spi;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginConfigTest {

    private static PluginConfig config(Map<String, ?> values) {
        return PluginConfig.of("plugins.instances.users", values, Path.of("/etc/weft"));
    }

    @Test
    void typedValuesAreParsed() throws PluginConfigException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("users-file", "passwd");
        values.put("iterations", "1000");
        values.put("reload", "2s");
        values.put("strict", "true");
        values.put("methods", List.of("a", "b"));
        values.put("hosts", "x, y ,z");
        values.put("nested", Map.of("key", "value"));
        PluginConfig config = config(values);

        assertThat(config.path("users-file")).isEqualTo(Path.of("/etc/weft/passwd"));
        assertThat(config.integer("iterations", 1, 1, 10_000)).isEqualTo(1000);
        assertThat(config.duration("reload", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.bool("strict", false)).isTrue();
        assertThat(config.list("methods")).containsExactly("a", "b");
        assertThat(config.list("hosts")).containsExactly("x", "y", "z");
        assertThat(config.section("nested").string("key")).isEqualTo("value");
        assertThat(config.section("nested").fullKey("key")).isEqualTo("plugins.instances.users.nested.key");
        assertThat(config.keys()).containsExactly("users-file", "iterations", "reload", "strict", "methods", "hosts",
                "nested");
    }

    @Test
    void absentValuesFallBack() throws PluginConfigException {
        PluginConfig config = config(Map.of());
        assertThat(config.integer("n", 7, 0, 10)).isEqualTo(7);
        assertThat(config.duration("d", Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(5));
        assertThat(config.bool("b", true)).isTrue();
        assertThat(config.list("l")).isEmpty();
        assertThat(config.optionalPath("p")).isEmpty();
        assertThat(config.section("s").keys()).isEmpty();
    }

    @Test
    void everyProblemNamesTheFullKey() {
        PluginConfig config = config(Map.of("n", "eleven", "m", "11", "d", "5 seconds", "b", "yes",
                "list", Map.of("a", "b"), "text", List.of("x")));
        assertThatThrownBy(() -> config.string("missing")).isInstanceOf(PluginConfigException.class)
                .hasMessage("plugins.instances.users.missing: required");
        assertThatThrownBy(() -> config.integer("n", 0, 0, 10))
                .hasMessage("plugins.instances.users.n: expected an integer, got 'eleven'");
        assertThatThrownBy(() -> config.integer("m", 0, 0, 10))
                .hasMessage("plugins.instances.users.m: expected an integer from 0 to 10, got 11");
        assertThatThrownBy(() -> config.duration("d", Duration.ZERO))
                .hasMessageStartingWith("plugins.instances.users.d: expected a positive duration");
        assertThatThrownBy(() -> config.bool("b", false))
                .hasMessage("plugins.instances.users.b: expected true or false, got 'yes'");
        assertThatThrownBy(() -> config.list("list")).hasMessage("plugins.instances.users.list: expected a list, got a section");
        assertThatThrownBy(() -> config.string("text"))
                .hasMessage("plugins.instances.users.text: expected a single value, got a list");
    }

    @Test
    void unknownKeysAreRefused() {
        PluginConfig config = config(Map.of("users-fil", "passwd"));
        assertThatThrownBy(() -> config.allowOnly("users-file", "acl-file"))
                .isInstanceOfSatisfying(PluginConfigException.class,
                        problem -> assertThat(problem.key()).isEqualTo("plugins.instances.users.users-fil"))
                .hasMessageContaining("unknown key; known keys are acl-file, users-file");
    }

    @Test
    void metricAndTypeNamesAreChecked() {
        assertThat(PluginMetrics.checkName("cache_hits")).isEqualTo("cache_hits");
        assertThatThrownBy(() -> PluginMetrics.checkName("cache_hits_total")).hasMessageContaining("_total");
        assertThatThrownBy(() -> PluginMetrics.checkName("Cache")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PluginProvider.checkType("auth-file")).isEqualTo("auth-file");
        assertThatThrownBy(() -> PluginProvider.checkType("auth_file")).isInstanceOf(IllegalArgumentException.class);
    }
}
