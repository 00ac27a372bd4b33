package io.weft.distribution.config;

import io.weft.core.BrokerSettings;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigKeysTest {

    @Test
    void everyBrokerSettingsComponentHasExactlyOneKey() {
        List<String> components = leaves(BrokerSettings.class, "");
        assertThat(components).contains("port", "limits.publishRate", "protocol.receiveMaximum");
        assertThat(ConfigKeys.all()).extracting(ConfigKey::component)
                .as("one ConfigKeys line per BrokerSettings component, nested settings records included")
                .containsExactlyInAnyOrderElementsOf(components);
    }

    /** Component paths, descending into nested settings records such as {@code limits}. */
    private static List<String> leaves(Class<?> type, String prefix) {
        return Arrays.stream(type.getRecordComponents())
                .flatMap(component -> component.getType().isRecord()
                        ? leaves(component.getType(), prefix + component.getName() + ".").stream()
                        : java.util.stream.Stream.of(prefix + component.getName()))
                .toList();
    }

    @Test
    void namesVariablesAndOptionsAreUnique() {
        assertThat(ConfigKeys.names(ConfigKey::name)).doesNotHaveDuplicates();
        assertThat(ConfigKeys.names(ConfigKey::environmentVariable)).doesNotHaveDuplicates();
        assertThat(ConfigKeys.all().stream().flatMap(key -> key.shortOption().stream()))
                .doesNotContainAnyElementsOf(ConfigKeys.names(ConfigKey::option));
    }

    @Test
    void variablesAndOptionsDeriveFromTheName() {
        ConfigKey<?> key = ConfigKeys.named("mqtt.max-packet-size").orElseThrow();
        assertThat(key.environmentVariable()).isEqualTo("WEFT_MQTT_MAX_PACKET_SIZE");
        assertThat(key.option()).isEqualTo("--mqtt.max-packet-size");
        assertThat(ConfigKeys.byOption("--port")).map(ConfigKey::name).hasValue("listener.port");
        assertThat(ConfigKeys.byOption("--listener.port")).map(ConfigKey::name).hasValue("listener.port");
        assertThat(ConfigKeys.byEnvironmentVariable("WEFT_DATA_DIR")).map(ConfigKey::name).hasValue("data-dir");
    }

    @Test
    void defaultsComeFromBrokerSettings() {
        BrokerSettings defaults = BrokerSettings.defaults();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertThat(key.defaultValue()).as(key.name()).isEqualTo(key.valueIn(defaults));
            assertThat(key.type().parse(key.printedDefault())).as(key.name()).isEqualTo(key.defaultValue());
        }
        assertThat(ConfigKeys.named("mqtt.connect-timeout").orElseThrow().printedDefault()).isEqualTo("10s");
    }

    @Test
    void aKeyMustMatchTheTypeOfItsComponent() {
        assertThatThrownBy(() -> new ConfigKey<>("listener.port", ValueType.duration(), "port", Optional.empty(), "x"))
                .hasMessageContaining("BrokerSettings.port is a int");
        assertThatThrownBy(() -> new ConfigKey<>("listener.porter", ValueType.port(), "porter", Optional.empty(), "x"))
                .hasMessageContaining("no component porter");
    }

    @Test
    void suggestsTheClosestNameForATypo() {
        List<String> names = ConfigKeys.names(ConfigKey::name);
        assertThat(ConfigKeys.closest("listener.prot", names)).hasValue("listener.port");
        assertThat(ConfigKeys.closest("mqtt.max-packet-sise", names)).hasValue("mqtt.max-packet-size");
        assertThat(ConfigKeys.closest("port", names)).hasValue("listener.port");
        assertThat(ConfigKeys.closest("authentication", names)).isEmpty();
    }
}
