package io.weft.distribution;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * bin/weft with a plugin dropped into a plugins directory: the template plugin's bundle (its jar, found by no class
 * path) is loaded with its own class loader, decides CONNECTs, and is disabled and enabled again by editing the
 * configuration file while the broker runs, and by SIGHUP.
 */
@Tag("process")
class PluginDirectoryIT {

    private static final Path TEMPLATE_BUNDLE = Path.of(System.getProperty("weft.templateBundle",
            "../plugins/template/target/bundle"));
    private static final String TOKEN = "0123456789abcdef-token";

    @TempDir
    Path directory;

    private static String config(Path plugins, boolean enabled) {
        return """
                plugins:
                  directory: %s
                  reload-interval: 200ms
                  instances:
                    devices:
                      type: device-token
                      enabled: %s
                      token: %s
                """.formatted(plugins, enabled, TOKEN);
    }

    private static int connect(int port, String password) throws MqttException {
        return connect(port, "device", password);
    }

    private static int connect(int port, String user, String password) throws MqttException {
        return PahoConnect.result(port, "sensor-1", user, password);
    }

    @Test
    void aDroppedInPluginDecidesAndIsSwitchedAtRuntime() throws Exception {
        Path plugins = directory.resolve("plugins");
        Path bundle = Files.createDirectories(plugins.resolve("device-token"));
        try (Stream<Path> jars = Files.list(TEMPLATE_BUNDLE)) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, bundle.resolve(jar.getFileName()));
            }
        }
        Path file = Files.writeString(directory.resolve("weft.yaml"), config(plugins, true));
        try (WeftProcess weft = WeftProcess.start(directory, "--config", file.toString(), "--port", "0",
                "--data-dir", directory.resolve("data").toString())) {
            int port = weft.awaitReady();
            assertThat(weft.stderr()).contains("plugin devices (type device-token from " + bundle + ") started");
            assertThat(connect(port, "guess")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
            assertThat(connect(port, TOKEN)).isZero();

            Files.writeString(file, config(plugins, false));
            await().atMost(Duration.ofSeconds(20)).until(() -> connect(port, "guess") == 0); // all anonymous now

            Files.writeString(file, config(plugins, true).replace("reload-interval: 200ms", "reload-interval: 1h"));
            // the interval changes only at a restart (logged), so the broker still reads every 200 ms
            await().atMost(Duration.ofSeconds(20)).until(() -> connect(port, "guess") == 4);
            assertThat(weft.stderr()).contains("take effect after a restart");

            Files.writeString(file, config(plugins, false).replace("reload-interval: 200ms", "reload-interval: 1h"));
            new ProcessBuilder("kill", "-HUP", String.valueOf(weft.process().pid())).start().waitFor();
            await().atMost(Duration.ofSeconds(20)).until(() -> connect(port, "guess") == 0);
            weft.terminate();
            assertThat(weft.stderr()).contains("plugin devices stopped");
        }
    }

    @Test
    void theBundledAuthFilePluginWithUsersFromBinWeftPasswd() throws Exception {
        Path users = directory.resolve("passwd");
        Process passwd = new ProcessBuilder(WeftProcess.WEFT_HOME.resolve("bin/weft").toAbsolutePath().toString(),
                "passwd", users.toString(), "alice").redirectErrorStream(true).start();
        passwd.getOutputStream().write("secret\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        passwd.getOutputStream().close();
        assertThat(passwd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(passwd.exitValue()).as(new String(passwd.getInputStream().readAllBytes())).isZero();
        assertThat(Files.readString(users)).startsWith("alice:$7$").doesNotContain("secret");

        Path file = Files.writeString(directory.resolve("weft.yaml"), """
                plugins:
                  instances:
                    users:
                      type: auth-file
                      users-file: passwd
                """);
        try (WeftProcess weft = WeftProcess.start(directory, "--config", file.toString(), "--port", "0",
                "--data-dir", directory.resolve("data").toString())) {
            int port = weft.awaitReady();
            assertThat(connect(port, "alice", "wrong")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
            assertThat(connect(port, "alice", "secret")).isZero();
            weft.terminate();
        }
    }

    @Test
    void aBadPluginConfigurationStopsStartUpNamingTheKey() throws IOException, InterruptedException {
        Path file = Files.writeString(directory.resolve("weft.yaml"), """
                plugins:
                  instances:
                    devices:
                      type: device-tokn
                """);
        try (WeftProcess weft = WeftProcess.start(directory, "--config", file.toString(), "--port", "0",
                "--data-dir", directory.resolve("data").toString())) {
            assertThat(weft.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(weft.process().exitValue()).isEqualTo(2);
            assertThat(weft.stderr()).contains("weft: plugins.instances.devices.type: no plugin of type "
                    + "'device-tokn'; installed types are [auth-file, auth-http, auth-jwt, auth-scram]");
        }
    }
}
