package io.weft.distribution.config;

import io.weft.core.BrokerSettings;
import io.weft.core.MetricsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {

    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    @TempDir
    Path directory;

    @Test
    void noFileNoVariablesNoOptionsGivesTheDefaults() throws ConfigException {
        Configuration configuration = start(List.of(), NO_ENVIRONMENT);
        assertThat(configuration.settings()).isEqualTo(BrokerSettings.defaults());
        assertThat(configuration.origin("listener.port")).isEqualTo(Origin.DEFAULT);
    }

    @Test
    void readsEveryKeyFromNestedMaps() throws Exception {
        Path file = write("""
                listener: {port: 1884, bind: 0.0.0.0}
                data-dir: ./state
                mqtt:
                  max-packet-size: 64KiB
                  connect-timeout: 500ms
                  inflight-window: 10
                  max-queued-messages: 0
                ring:
                  size: 1024
                """);
        BrokerSettings settings = start(List.of("--config", file.toString()), NO_ENVIRONMENT).settings();
        assertThat(settings).isEqualTo(new BrokerSettings("0.0.0.0", 1884, Path.of("./state"), 65_536,
                Duration.ofMillis(500), 10, 0, 1024));
    }

    @Test
    void keysOfNestedSettingsRecordsReachTheirRecords() throws Exception {
        Path file = write("""
                mqtt: {retain-available: false, response-information: "replies/"}
                shared: {strategy: sticky}
                """);
        BrokerSettings settings = start(List.of("--config", file.toString(), "--limits.publish-rate", "100"),
                Map.of("WEFT_SYS_ENABLED", "false")).settings();
        assertThat(settings.protocol().retainAvailable()).isFalse();
        assertThat(settings.protocol().responseInformation()).isEqualTo("replies/");
        assertThat(settings.protocol().receiveMaximum()).isEqualTo(BrokerSettings.defaults().protocol().receiveMaximum());
        assertThat(settings.shared().strategy()).isEqualTo(io.weft.core.SharedStrategy.STICKY);
        assertThat(settings.limits().publishRate()).isEqualTo(100);
        assertThat(settings.sys().enabled()).isFalse();
        assertThat(error(List.of("--mqtt.retain-available", "no"), NO_ENVIRONMENT))
                .contains("bad value for 'mqtt.retain-available': expected true or false, got 'no'");
    }

    @Test
    void acceptsDottedKeysAndEmptySectionsInTheFile() throws Exception {
        Path file = write("listener.port: 1885\nmqtt:\n  # everything commented out\nring:\n");
        Configuration configuration = start(List.of("--config=" + file), NO_ENVIRONMENT);
        assertThat(configuration.settings()).isEqualTo(BrokerSettings.defaults().withPort(1885));
        assertThat(configuration.origin("listener.port").description()).isEqualTo(file + ":1:16");
    }

    @Test
    void anEmptyFileGivesTheDefaults() throws Exception {
        Path file = write("# nothing here\n");
        assertThat(start(List.of("--config", file.toString()), NO_ENVIRONMENT).settings())
                .isEqualTo(BrokerSettings.defaults());
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path file = write("listener: {port: 1001, bind: 10.0.0.1}\nring: {size: 64}\nmqtt: {inflight-window: 5}\n");
        Map<String, String> environment = Map.of("WEFT_LISTENER_PORT", "2002", "WEFT_LISTENER_BIND", "10.0.0.2",
                "WEFT_RING_SIZE", "128");
        Configuration configuration = start(List.of("--config", file.toString(), "--port", "3003"), environment);
        BrokerSettings settings = configuration.settings();
        assertThat(settings.port()).isEqualTo(3003);
        assertThat(settings.bindAddress()).isEqualTo("10.0.0.2");
        assertThat(settings.ringSize()).isEqualTo(128);
        assertThat(settings.inflightWindow()).isEqualTo(5);
        assertThat(settings.maximumQueuedMessages()).isEqualTo(10_000);
        assertThat(configuration.origin("listener.port")).isEqualTo(Origin.option("--port"));
        assertThat(configuration.origin("listener.bind")).isEqualTo(Origin.environment("WEFT_LISTENER_BIND"));
        assertThat(configuration.origin("mqtt.inflight-window").description()).isEqualTo(file + ":3:25");
    }

    @Test
    void longAndShortOptionsInBothFormsTheLastOneWinning() throws ConfigException {
        BrokerSettings settings = start(List.of("--listener.port=1884", "--bind", "0.0.0.0", "--data-dir=d",
                "--mqtt.max-packet-size", "2MiB", "--mqtt.connect-timeout=2m", "--listener.port", "1890"),
                NO_ENVIRONMENT).settings();
        assertThat(settings.port()).isEqualTo(1890);
        assertThat(settings.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(settings.dataDirectory()).isEqualTo(Path.of("d"));
        assertThat(settings.maximumPacketSize()).isEqualTo(2 * 1024 * 1024);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void theMetricsEndpointIsOffUntilAPortIsSet() throws ConfigException {
        assertThat(start(List.of(), NO_ENVIRONMENT).settings().metrics()).isEqualTo(MetricsSettings.defaults());
        assertThat(start(List.of("--metrics-port", "9400"), Map.of("WEFT_METRICS_BIND", "0.0.0.0")).settings()
                .metrics()).isEqualTo(new MetricsSettings("0.0.0.0", 9400));
        assertThat(start(List.of("--metrics.port", "off"), Map.of("WEFT_METRICS_PORT", "0")).settings().metrics()
                .enabled()).isFalse();
    }

    @Test
    void everyKeyCanBeSetByItsEnvironmentVariable() throws ConfigException {
        Map<String, String> environment = Map.of("WEFT_LISTENER_BIND", "::1", "WEFT_LISTENER_PORT", "0",
                "WEFT_DATA_DIR", "/var/lib/weft", "WEFT_MQTT_MAX_PACKET_SIZE", "1024",
                "WEFT_MQTT_CONNECT_TIMEOUT", "1h", "WEFT_MQTT_INFLIGHT_WINDOW", "65535",
                "WEFT_MQTT_MAX_QUEUED_MESSAGES", "7", "WEFT_RING_SIZE", "2");
        assertThat(start(List.of(), environment).settings()).isEqualTo(new BrokerSettings("::1", 0,
                Path.of("/var/lib/weft"), 1024, Duration.ofHours(1), 65535, 7, 2));
    }

    @Test
    void launcherAndForeignVariablesAreIgnored() throws ConfigException {
        Map<String, String> environment = Map.of("WEFT_JAVA_OPTS", "-Xmx1g", "WEFT_HOME", "/opt/weft",
                "PATH", "/usr/bin", "XWEFT_PORT", "1");
        assertThat(start(List.of(), environment).settings()).isEqualTo(BrokerSettings.defaults());
    }

    @Test
    void unknownKeyInTheFileNamesLineColumnAndSuggestsTheNearestKey() throws Exception {
        Path file = write("# broker\nlistener:\n    prot: 1883\n");
        assertThat(error(List.of("--config", file.toString()), NO_ENVIRONMENT))
                .isEqualTo(file + ":3:5: unknown key 'listener.prot' (did you mean 'listener.port'?)");
    }

    @Test
    void unknownKeyWithNothingCloseHasNoSuggestion() throws Exception {
        Path file = write("authentication: {anonymous: true}\n");
        assertThat(error(List.of("--config", file.toString()), NO_ENVIRONMENT))
                .isEqualTo(file + ":1:1: unknown key 'authentication'");
    }

    @Test
    void badValueInTheFileNamesKeyPositionAndExpectation() throws Exception {
        Path file = write("listener:\n  port: 1883\nmqtt:\n  max-packet-size: big\n");
        assertThat(error(List.of("--config", file.toString()), NO_ENVIRONMENT)).isEqualTo(file
                + ":4:20: bad value for 'mqtt.max-packet-size': expected a size like 1048576 or 1MiB, got 'big'");
    }

    @Test
    void portOutOfRangeNamesTheKeyAndTheVariable() {
        assertThat(error(List.of(), Map.of("WEFT_LISTENER_PORT", "70000"))).isEqualTo(
                "environment variable WEFT_LISTENER_PORT: bad value for 'listener.port':"
                        + " expected a port number from 0 to 65535, got '70000'");
    }

    @Test
    void ringSizeNotAPowerOfTwoNamesTheKeyAndTheOption() {
        assertThat(error(List.of("--ring.size", "1000"), NO_ENVIRONMENT)).isEqualTo(
                "option --ring.size: bad value for 'ring.size': expected a power of two from 2 to 1073741824,"
                        + " got '1000'");
    }

    @Test
    void badDurationFromAShortOrLongOptionNamesThatOption() {
        assertThat(error(List.of("--mqtt.connect-timeout=10"), NO_ENVIRONMENT)).isEqualTo(
                "option --mqtt.connect-timeout: bad value for 'mqtt.connect-timeout':"
                        + " expected a positive duration like 500ms, 10s, 2m or 1h, got '10'");
        assertThat(error(List.of("--port", "http"), NO_ENVIRONMENT))
                .startsWith("option --port: bad value for 'listener.port'");
    }

    @Test
    void badValueInTheFileIsReportedEvenWhenOverridden() throws Exception {
        Path file = write("listener: {port: 99999}\n");
        assertThat(error(List.of("--config", file.toString(), "--port", "1884"), NO_ENVIRONMENT))
                .startsWith(file + ":1:18: bad value for 'listener.port'");
    }

    @Test
    void unknownWeftVariableIsAnErrorNamingIt() {
        assertThat(error(List.of(), Map.of("WEFT_LISTENER_PROT", "1883"))).isEqualTo(
                "environment variable WEFT_LISTENER_PROT: no configuration key has this variable"
                        + " (did you mean WEFT_LISTENER_PORT?)");
    }

    @Test
    void unknownOptionMissingValueAndStrayArgumentsAreErrors() {
        assertThat(error(List.of("--prot", "1883"), NO_ENVIRONMENT))
                .isEqualTo("unknown option '--prot' (did you mean '--port'?); see weft --help");
        assertThat(error(List.of("--port"), NO_ENVIRONMENT)).isEqualTo("option --port: needs a value");
        assertThat(error(List.of("--bind", "--port", "1"), NO_ENVIRONMENT)).isEqualTo("option --bind: needs a value");
        assertThat(error(List.of("1883"), NO_ENVIRONMENT)).startsWith("unexpected argument '1883'");
        assertThat(error(List.of("--config="), NO_ENVIRONMENT)).isEqualTo("option --config: needs a file name");
    }

    @Test
    void missingFileAndYamlSyntaxErrorsNameThePath() throws Exception {
        Path missing = directory.resolve("absent.yaml");
        assertThat(error(List.of("--config", missing.toString()), NO_ENVIRONMENT))
                .isEqualTo(missing + ": configuration file not found");
        Path broken = write("listener:\n  port: [1883\n");
        assertThat(error(List.of("--config", broken.toString()), NO_ENVIRONMENT))
                .startsWith(broken + ":3:1: invalid YAML: ");
    }

    @Test
    void wrongShapesAreReportedWithTheKey() throws Exception {
        assertThat(error(List.of("--config", write("- port: 1883\n").toString()), NO_ENVIRONMENT))
                .endsWith(":1:1: expected a mapping of keys, like 'listener: {port: 1883}'");
        assertThat(error(List.of("--config", write("listener: 1883\n").toString()), NO_ENVIRONMENT))
                .endsWith(":1:11: 'listener' is a section: expected a mapping of listener.bind, listener.port, "
                        + "listener.max-connections");
        assertThat(error(List.of("--config", write("listener:\n  port:\n").toString()), NO_ENVIRONMENT))
                .endsWith(":2:8: bad value for 'listener.port': expected a port number from 0 to 65535, got nothing");
        assertThat(error(List.of("--config", write("ring:\n  size: {slots: 8}\n").toString()), NO_ENVIRONMENT))
                .endsWith(":2:9: bad value for 'ring.size': expected a power of two from 2 to 1073741824,"
                        + " got a mapping");
    }

    @Test
    void aKeyWrittenTwiceInTheFileIsAnError() throws Exception {
        Path file = write("listener:\n  port: 1\nlistener.port: 2\n");
        assertThat(error(List.of("--config", file.toString()), NO_ENVIRONMENT))
                .isEqualTo(file + ":3:1: duplicate key 'listener.port', first set at " + file + ":2:3");
    }

    @Test
    void helpAndVersionWinOverEverythingElse() throws ConfigException {
        assertThat(ConfigLoader.load(List.of("--prot", "1", "--help"), Map.of("WEFT_BAD", "x")))
                .isInstanceOf(Invocation.ShowHelp.class);
        assertThat(ConfigLoader.load(List.of("-h"), NO_ENVIRONMENT)).isInstanceOf(Invocation.ShowHelp.class);
        assertThat(ConfigLoader.load(List.of("--version"), NO_ENVIRONMENT)).isInstanceOf(Invocation.ShowVersion.class);
    }

    private Configuration start(List<String> arguments, Map<String, String> environment) throws ConfigException {
        Invocation invocation = ConfigLoader.load(arguments, environment);
        assertThat(invocation).isInstanceOf(Invocation.Start.class);
        return ((Invocation.Start) invocation).configuration();
    }

    private static String error(List<String> arguments, Map<String, String> environment) {
        ConfigException failure = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(arguments, environment));
        assertThat(failure).as("a ConfigException").isNotNull();
        return failure.getMessage();
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(directory, "weft", ".yaml"), yaml);
    }
}
