package io.weft.distribution.config;

import io.weft.core.plugin.PluginSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code plugins.instances} in the YAML file: instances in order, each plugin's own keys passed on as they are. */
class PluginSectionsTest {

    @TempDir
    Path directory;

    private Configuration load(String yaml) throws Exception {
        Path file = Files.writeString(directory.resolve("weft.yaml"), yaml);
        return ((Invocation.Start) ConfigLoader.load(List.of("--config", file.toString()), Map.of())).configuration();
    }

    private String error(String yaml) throws IOException {
        Path file = Files.writeString(directory.resolve("weft.yaml"), yaml);
        ConfigException failure = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(List.of("--config", file.toString()), Map.of()));
        assertThat(failure).as("a ConfigException").isNotNull();
        return failure.getMessage().replace(file.toString(), "FILE");
    }

    @Test
    void instancesKeepTheirOrderAndTheirOwnKeys() throws Exception {
        Configuration configuration = load("""
                plugins:
                  call-timeout: 2s
                  instances:
                    tokens:
                      type: auth-jwt
                      secret: abc
                      publish-claim: pub
                    users:
                      type: auth-file
                      enabled: false
                      users-file: passwd
                      rules: [a, b]
                      nested: {x: 1}
                """);
        assertThat(configuration.plugins()).extracting(PluginSpec::name).containsExactly("tokens", "users");
        PluginSpec users = configuration.plugins().get(1);
        assertThat(users.type()).isEqualTo("auth-file");
        assertThat(users.enabled()).isFalse();
        assertThat(users.config().keys()).containsExactly("users-file", "rules", "nested");
        assertThat(users.config().path("users-file")).isEqualTo(directory.resolve("passwd").toAbsolutePath());
        assertThat(users.config().list("rules")).containsExactly("a", "b");
        assertThat(users.config().section("nested").string("x")).isEqualTo("1");
        assertThat(users.config().prefix()).isEqualTo("plugins.instances.users");
        assertThat(configuration.plugins().getFirst().enabled()).isTrue();
        assertThat(configuration.settings().plugins().callTimeout()).hasSeconds(2);
        assertThat(configuration.file()).contains(directory.resolve("weft.yaml"));
    }

    @Test
    void mistakesNameTheKeyAndTheLine() throws IOException {
        assertThat(error("plugins:\n  instances:\n    users:\n      users-file: x\n"))
                .isEqualTo("FILE:3:5: 'plugins.instances.users.type' is missing: which plugin is it?");
        assertThat(error("plugins:\n  instances: [a, b]\n"))
                .startsWith("FILE:2:14: 'plugins.instances' is a mapping of instance names");
        assertThat(error("plugins:\n  instances:\n    users: auth-file\n"))
                .isEqualTo("FILE:3:12: 'plugins.instances.users' is a section with at least 'type'");
        assertThat(error("plugins:\n  instances:\n    users: {type: auth-file, enabled: maybe}\n"))
                .isEqualTo("FILE:3:39: bad value for 'plugins.instances.users.enabled': expected true or false");
        assertThat(error("plugins:\n  instances:\n    users: {type: a}\n    users: {type: b}\n"))
                .isEqualTo("FILE:4:5: duplicate plugin instance 'users'");
        assertThat(error("plugins:\n  instances:\n    'bad name': {type: a}\n"))
                .startsWith("FILE:3:5: bad plugin instance name 'bad name'");
        assertThat(error("plugins:\n  instance:\n    users: {type: a}\n"))
                .contains("unknown key 'plugins.instance' (did you mean 'plugins.instances'?)");
    }

    @Test
    void noInstancesAtAll() throws Exception {
        assertThat(load("plugins:\n  instances:\n").plugins()).isEmpty();
        assertThat(load("listener: {port: 1884}\n").plugins()).isEmpty();
    }
}
