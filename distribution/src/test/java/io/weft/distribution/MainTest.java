package io.weft.distribution;

import io.weft.core.BrokerSettings;
import io.weft.distribution.config.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    private static final int PICKED_PORT = 41_234;
    private static final int PICKED_METRICS_PORT = 41_235;

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<BrokerSettings> started = new ArrayList<>();
    private final List<String> outputBeforeReady = new ArrayList<>();

    @Test
    void printsTheReadyLineWithTheRealPortAfterInstallingShutdown() {
        Path dataDirectory = directory.resolve("nested/data");

        Main.Launch launch = launch("--port", "0", "--data-dir", dataDirectory.toString());

        assertThat(launch).isInstanceOf(Main.Launch.Serving.class);
        assertThat(stdout()).isEqualTo("Weft listening on mqtt://127.0.0.1:" + PICKED_PORT + "\n");
        assertThat(outputBeforeReady).containsExactly("");
        assertThat(started).singleElement().extracting(BrokerSettings::port).isEqualTo(0);
        assertThat(dataDirectory).isDirectory();
        assertThat(stderr()).isEmpty();
    }

    @Test
    void bracketsAnIpv6AddressInTheReadyLine() {
        launch("--bind", "::1", "--port", "1884", "--data-dir", directory.toString());
        assertThat(stdout()).isEqualTo("Weft listening on mqtt://[0:0:0:0:0:0:0:1]:1884\n");
    }

    @Test
    void aConfigurationErrorPrintsOneLineAndExitsWithStatus2() {
        Main.Launch launch = launch("--port", "70000");

        assertThat(launch).isEqualTo(new Main.Launch.Exit(2));
        assertThat(stderr()).isEqualTo("weft: option --port: bad value for 'listener.port': expected a port number"
                + " from 0 to 65535, got '70000'\n");
        assertThat(stdout()).isEmpty();
        assertThat(started).isEmpty();
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsAConfigurationErrorNamingDataDir() throws IOException {
        Path file = Files.writeString(directory.resolve("occupied"), "not a directory");

        Main.Launch launch = launch("--data-dir", file.resolve("data").toString());

        assertThat(launch).isEqualTo(new Main.Launch.Exit(2));
        assertThat(stderr()).startsWith("weft: option --data-dir: bad value for 'data-dir': cannot create directory '"
                + file.resolve("data") + "': ").hasLineCount(1);
        assertThat(started).isEmpty();
    }

    @Test
    void aListenerThatCannotBindExitsWithStatus1() {
        Main.Launch launch = Main.launch(List.of("--data-dir", directory.toString()), Map.of(), print(out),
                print(err), (configuration, source) -> {
                    throw new BindException("Address already in use");
                }, broker -> outputBeforeReady.add(stdout()));

        assertThat(launch).isEqualTo(new Main.Launch.Exit(1));
        assertThat(stderr()).isEqualTo("weft: cannot listen on 127.0.0.1:1883 (listener.bind, listener.port):"
                + " Address already in use\n");
        assertThat(outputBeforeReady).isEmpty();
    }

    @Test
    void printsTheMetricsAddressAfterTheReadyLineWhenTheEndpointIsOn() {
        Main.Launch launch = launch("--port", "0", "--metrics-port", "0", "--data-dir", directory.toString());

        assertThat(launch).isInstanceOf(Main.Launch.Serving.class);
        assertThat(stdout()).isEqualTo("Weft listening on mqtt://127.0.0.1:" + PICKED_PORT + "\n"
                + "Weft metrics on http://127.0.0.1:" + PICKED_METRICS_PORT + "/metrics\n");
        assertThat(started).singleElement().satisfies(settings -> {
            assertThat(settings.metrics().port()).isZero();
            assertThat(settings.metrics().bindAddress()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void theMetricsEndpointIsOffByDefault() {
        launch("--data-dir", directory.toString());

        assertThat(started).singleElement().satisfies(settings -> assertThat(settings.metrics().enabled()).isFalse());
        assertThat(stdout()).doesNotContain("metrics");
    }

    @Test
    void aBadMetricsPortIsAConfigurationErrorNamingTheKey() {
        Main.Launch launch = launch("--metrics-port", "http");

        assertThat(launch).isEqualTo(new Main.Launch.Exit(2));
        assertThat(stderr()).isEqualTo("weft: option --metrics-port: bad value for 'metrics.port': expected a port"
                + " number from 0 to 65535, or off, got 'http'\n");
        assertThat(started).isEmpty();
    }

    @Test
    void aMetricsEndpointThatCannotStartExitsWithStatus1NamingItsKeys() {
        Main.Launch launch = Main.launch(List.of("--data-dir", directory.toString(), "--metrics-port", "9400"),
                Map.of(), print(out), print(err), (configuration, source) -> {
                    throw new MetricsEndpoint.Unavailable("Address already in use", null);
                }, broker -> outputBeforeReady.add(stdout()));

        assertThat(launch).isEqualTo(new Main.Launch.Exit(1));
        assertThat(stderr()).isEqualTo("weft: cannot serve metrics on 127.0.0.1:9400 (metrics.bind, metrics.port):"
                + " Address already in use\n");
        assertThat(outputBeforeReady).isEmpty();
    }

    @Test
    void helpAndVersionPrintToStdoutAndExit0() {
        assertThat(launch("--help")).isEqualTo(new Main.Launch.Exit(0));
        assertThat(stdout()).startsWith("Usage: weft").contains("--listener.port");
        out.reset();
        assertThat(launch("--version")).isEqualTo(new Main.Launch.Exit(0));
        assertThat(stdout()).matches("weft \\d+\\.\\d+\\.\\d+\\S*\n");
        assertThat(started).isEmpty();
    }

    private Main.Launch launch(String... arguments) {
        return Main.launch(List.of(arguments), Map.of(), print(out), print(err), this::startFake,
                broker -> outputBeforeReady.add(stdout()));
    }

    private Main.RunningBroker startFake(Configuration configuration, PluginReloader.Source source) throws IOException {
        BrokerSettings settings = configuration.settings();
        started.add(settings);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(settings.bindAddress()),
                settings.port() == 0 ? PICKED_PORT : settings.port());
        InetSocketAddress metrics = !settings.metrics().enabled() ? null : new InetSocketAddress(
                InetAddress.getByName(settings.metrics().bindAddress()),
                settings.metrics().port() == 0 ? PICKED_METRICS_PORT : settings.metrics().port());
        return new Main.RunningBroker() {
            @Override
            public InetSocketAddress localAddress() {
                return address;
            }

            @Override
            public InetSocketAddress metricsAddress() {
                return metrics;
            }

            @Override
            public void close() {
                // nothing was opened
            }
        };
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
