package io.weft.distribution.config;

import io.weft.core.BrokerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationReferenceTest {

    private static final String REGENERATE = "weft.regenerate";
    private static final String HOW_TO_REGENERATE = " is out of date with the key table in ConfigKeys. Regenerate it:"
            + " ./mvnw -o -q -pl distribution -am test -Dtest=ConfigurationReferenceTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + REGENERATE + "=true";

    private final Path root = Path.of(System.getProperty("weft.repositoryRoot", ".."));

    @Test
    void docsConfigurationMdIsUpToDate() throws IOException {
        checkOrRegenerate(ConfigurationReference.MARKDOWN, ConfigurationReference.markdown());
    }

    @Test
    void sampleWeftYamlIsUpToDate() throws IOException {
        checkOrRegenerate(ConfigurationReference.SAMPLE, ConfigurationReference.sampleYaml());
    }

    @Test
    void everyKeyIsInTheReference() {
        String markdown = ConfigurationReference.markdown();
        String usage = ConfigurationReference.usage();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertThat(markdown).contains("| `" + key.name() + "` | `" + key.environmentVariable() + "` | `"
                    + key.option() + "`");
            assertThat(usage).contains(key.option()).contains(key.environmentVariable());
        }
    }

    @Test
    void theSampleUncommentedSetsEveryKeyToItsDefault(@TempDir Path directory) throws Exception {
        String sample = ConfigurationReference.sampleYaml();
        String header = sample.substring(0, sample.indexOf("\n\n") + 1);
        String body = sample.substring(header.length()).lines()
                .map(line -> line.startsWith("#") ? line.substring(1) : line)
                .collect(Collectors.joining("\n", "", "\n"));
        Path file = Files.writeString(directory.resolve("weft.yaml"), header + body);

        Invocation invocation = ConfigLoader.load(List.of("--config", file.toString()), Map.of());

        Configuration configuration = ((Invocation.Start) invocation).configuration();
        assertThat(configuration.settings()).isEqualTo(BrokerSettings.defaults());
        assertThat(configuration.origins()).containsOnlyKeys(ConfigKeys.names(ConfigKey::name));
        assertThat(configuration.plugins()).extracting(io.weft.core.plugin.PluginSpec::name)
                .containsExactly("users", "tokens");
    }

    private void checkOrRegenerate(Path relative, String generated) throws IOException {
        Path file = root.resolve(relative);
        if (Boolean.getBoolean(REGENERATE)) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertThat(committed).as(relative + HOW_TO_REGENERATE).isEqualTo(generated);
    }
}
