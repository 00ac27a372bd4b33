package io.weft.plugins.authscram;

import com.ongres.scram.common.ScramMechanism;
import io.weft.spi.PluginConfigException;
import io.weft.spi.auth.EnhancedAuthenticator;
import io.weft.testkit.ConnectAttempts;
import io.weft.testkit.EnhancedAuthenticationDriver;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The credentials file: its format, its problems, its reloading, and the plugin's configuration. */
class CredentialsFileTest {

    @TempDir
    Path directory;

    private boolean authenticates(EnhancedAuthenticator authenticator, String user, String password) throws Exception {
        return EnhancedAuthenticationDriver.run(authenticator, "SCRAM-SHA-256", ConnectAttempts.client("c").build(),
                ScramTestClient.of("SCRAM-SHA-256", user, password)).succeeded();
    }

    @Test
    void badLinesAreLoggedWithFileAndLineAndSkipped() throws Exception {
        String alice = ScramFixture.line("alice", "one");
        Path file = ScramFixture.write(directory.resolve("users"), List.of(
                "# comment", "", alice,
                "bob:SCRAM-SHA-256$4096:c2FsdA==$c2hvcnQ=:c2hvcnQ=",
                "carol:SCRAM-SHA-1$4096:c2FsdA==$AAAA:AAAA",
                "no verifier here",
                alice.replace("$4096:", "$0:"),
                "dave:SCRAM-SHA-256$4096:!!!$AAAA:AAAA",
                alice,
                "   " + ScramFixture.line("user:with:colons", "two") + "  ",
                "x\u0007y" + alice.substring(5)));
        TestPluginContext context = ScramFixture.context(file, directory, Map.of());
        try (EnhancedAuthenticator authenticator = ScramFixture.create(context)) {
            assertThat(context.metrics().gaugeValue("users")).isEqualTo(2);
            assertThat(authenticates(authenticator, "alice", "one")).isTrue();
            assertThat(authenticates(authenticator, "user:with:colons", "two")).isTrue();
        }
        for (int line : new int[] {4, 5, 6, 7, 8, 9, 11}) {
            assertThat(context.logger().logged(Level.WARNING, file + ":" + line + ": ")).as("line " + line).isTrue();
        }
        assertThat(context.logger().logged(Level.WARNING, file + ":9: a second SCRAM-SHA-256 line for user alice"))
                .isTrue();
        assertThat(context.logger().entries()).noneMatch(entry -> entry.message().contains(alice.substring(6)));
    }

    @Test
    void theFileIsReadAgainWhenItChanges() throws Exception {
        Path file = ScramFixture.write(directory.resolve("users"), List.of(ScramFixture.line("alice", "one")));
        TestPluginContext context = ScramFixture.context(file, directory, Map.of("reload-interval", "20ms"));
        try (EnhancedAuthenticator authenticator = ScramFixture.create(context)) {
            assertThat(authenticates(authenticator, "bob", "two")).isFalse();

            ScramFixture.write(file, List.of(ScramFixture.line("bob", "two"), "broken line"));
            await().atMost(Duration.ofSeconds(10)).until(() -> authenticates(authenticator, "bob", "two"));
            assertThat(authenticates(authenticator, "alice", "one")).isFalse();
            assertThat(context.metrics().gaugeValue("users")).isEqualTo(1);
            assertThat(context.logger().logged(Level.WARNING, file + ":2: ")).isTrue();

            // A vanished file keeps the last good reading in force.
            Files.delete(file);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> context.metrics().counterValue("credential_reloads", "failed") == 1);
            assertThat(authenticates(authenticator, "bob", "two")).isTrue();
            assertThat(context.logger().logged(Level.WARNING, "is gone")).isTrue();
        }
        assertThat(context.metrics().counterValue("credential_reloads", "loaded")).isEqualTo(2);
    }

    @Test
    void closeStopsThePollingThread() throws Exception {
        Path file = ScramFixture.write(directory.resolve("users"), List.of(ScramFixture.line("alice", "one")));
        TestPluginContext context = ScramFixture.context(file, directory, Map.of("reload-interval", "20ms"));
        ScramAuthenticator authenticator = (ScramAuthenticator) ScramFixture.create(context);
        assertThat(authenticator.watching()).isTrue();
        authenticator.close();
        assertThat(authenticator.watching()).isFalse();
    }

    @Test
    void theUsualIterationCountIsWhatMostUsersHave() {
        Credentials credentials = Credentials.of(List.of(
                credential("a", 4096), credential("b", 20_000), credential("c", 20_000)));
        assertThat(credentials.usualIterations(ScramMechanism.SCRAM_SHA_256, 1)).isEqualTo(20_000);
        assertThat(credentials.usualIterations(ScramMechanism.SCRAM_SHA_512, 7)).isEqualTo(7);
    }

    private static ScramCredential credential(String user, int iterations) {
        return ScramCredential.derive(ScramMechanism.SCRAM_SHA_256, user, "p".toCharArray(), new byte[16], iterations);
    }

    @Test
    void configurationMistakesNameTheKey() throws Exception {
        Path file = ScramFixture.write(directory.resolve("users"), List.of());
        assertThatThrownBy(() -> ScramFixture.create(ScramFixture.context(file, directory,
                Map.of("reload-intervall", "1s"))))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith("plugins.instances.scram.reload-intervall: unknown key");
        assertThatThrownBy(() -> ScramFixture.create(ScramFixture.context(file, directory,
                Map.of("methods", List.of("SCRAM-SHA-1")))))
                .hasMessageStartingWith("plugins.instances.scram.methods: unknown method 'SCRAM-SHA-1'");
        assertThatThrownBy(() -> ScramFixture.create(ScramFixture.context(directory.resolve("missing"), directory,
                Map.of())))
                .hasMessageStartingWith("plugins.instances.scram.credentials-file: cannot read");
        assertThatThrownBy(() -> ScramFixture.create(TestPluginContext.builder("scram").dataDirectory(directory)
                .build()))
                .hasMessage("plugins.instances.scram.credentials-file: required");
    }

    @Test
    void relativePathsResolveAgainstTheConfigurationDirectoryAndMethodsCanBeNarrowed() throws Exception {
        ScramFixture.write(directory.resolve("users"), List.of(ScramFixture.line("alice", "one")));
        TestPluginContext context = TestPluginContext.builder("scram").baseDirectory(directory)
                .set("credentials-file", "users").set("methods", "SCRAM-SHA-256").dataDirectory(directory).build();
        try (EnhancedAuthenticator authenticator = ScramFixture.create(context)) {
            assertThat(authenticator.methods()).containsExactly("SCRAM-SHA-256");
            assertThat(authenticates(authenticator, "alice", "one")).isTrue();
        }
    }
}
