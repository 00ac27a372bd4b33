package io.weft.plugins.authfile;

import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.weft.core.plugin.PluginSpec;
import io.weft.core.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The users file in a real broker, against HiveMQ (5.0) and Paho (3.1.1) clients. */
class AuthenticationEndToEndTest {

    @TempDir
    Path directory;

    /** A users file with mosquitto_passwd's lines (alice: 'correct horse') and one weft passwd wrote (erin). */
    private Path usersFile() throws IOException {
        Path file = directory.resolve("passwd");
        try (InputStream fixture = getClass().getResourceAsStream("/mosquitto-passwd")) {
            Files.copy(fixture, file);
        }
        assertThat(passwd("erin", "erin's pässword")).isZero(); // 210,000 iterations, the default
        return file;
    }

    private int passwd(String user, String password, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of(options));
        args.addAll(List.of("passwd", directory.resolve("passwd").toString(), user));
        return PasswordCommand.run(args, new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), System.err);
    }

    private static PluginSpec users(Path file, String... more) {
        Map<String, String> config = new java.util.HashMap<>(Map.of("users-file", file.toString()));
        for (int index = 0; index < more.length; index += 2) {
            config.put(more[index], more[index + 1]);
        }
        return PluginSpec.of("users", "auth-file", config);
    }

    @Test
    @DisplayName("[MQTT-3.2.2-6] a wrong password: CONNACK 0x86 for 5.0, return code 4 for 3.1.1; the right one connects")
    void wrongPasswordsAreRefusedRightOnesConnect() throws Exception {
        try (TestBroker broker = TestBroker.startWithPlugins(TestBroker.settings(), users(usersFile()))) {
            assertThat(Clients.connectOnce(broker, "alice", "correct horse"))
                    .as("a mosquitto_passwd line").isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            assertThat(Clients.connectOnce(broker, "erin", "erin's pässword")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            assertThat(Clients.connectOnce(broker, "alice", "wrong horse"))
                    .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
            assertThat(Clients.connectOnce(broker, "erin", "erin's password"))
                    .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
            assertThat(Clients.pahoConnectOnce(broker, "alice", "wrong horse"))
                    .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION); // return code 4
            assertThat(Clients.pahoConnectOnce(broker, "bob", "Ünïcode pässword")).isZero();
            assertThat(Clients.pahoConnectOnce(broker, "erin", "erin's pässword")).isZero();
        }
    }

    @Test
    @DisplayName("a user not in the file is left to the anonymous rule: refused with 0x86; no user name is anonymous")
    void unknownUsersAndAnonymousClients() throws Exception {
        try (TestBroker broker = TestBroker.startWithPlugins(TestBroker.settings(), users(usersFile()))) {
            assertThat(Clients.connectOnce(broker, "mallory", "correct horse"))
                    .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
            assertThat(Clients.pahoConnectOnce(broker, "mallory", "x"))
                    .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
            assertThat(Clients.connectOnce(broker, null, null)).as("anonymous on a loopback listener")
                    .isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        }
    }

    @Test
    @DisplayName("weft passwd adds a user while the broker runs: the next CONNECT gets in, a deleted one does not")
    void aReloadTakesEffectForNewConnections() throws Exception {
        Path file = usersFile();
        try (TestBroker broker = TestBroker.startWithPlugins(TestBroker.settings(),
                users(file, "reload-interval", "100ms"))) {
            assertThat(Clients.connectOnce(broker, "frank", "new here"))
                    .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);

            assertThat(passwd("frank", "new here", "-I", "1000")).isZero();

            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
                    Clients.connectOnce(broker, "frank", "new here") == Mqtt5ConnAckReasonCode.SUCCESS);
            assertThat(Clients.pahoConnectOnce(broker, "frank", "new here")).isZero();

            assertThat(PasswordCommand.run(List.of("-D", file.toString(), "frank"), InputStream.nullInputStream(),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), System.err)).isZero();

            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
                    Clients.connectOnce(broker, "frank", "new here") == Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        }
    }
}
