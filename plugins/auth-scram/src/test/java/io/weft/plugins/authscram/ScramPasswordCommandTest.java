package io.weft.plugins.authscram;

import com.ongres.scram.common.ScramMechanism;
import io.weft.spi.auth.EnhancedAuthenticator;
import io.weft.testkit.ConnectAttempts;
import io.weft.testkit.EnhancedAuthenticationDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** scram-passwd: the verifiers it writes authenticate, and it leaves the rest of the file alone. */
class ScramPasswordCommandTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return ScramPasswordCommand.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private boolean authenticates(Path file, String method, String user, String password) throws Exception {
        try (EnhancedAuthenticator authenticator = ScramFixture.create(ScramFixture.context(file, directory,
                Map.of()))) {
            return EnhancedAuthenticationDriver.run(authenticator, method, ConnectAttempts.client("c").build(),
                    ScramTestClient.of(method, user, password)).succeeded();
        }
    }

    @Test
    void addsAUserWhoseVerifierAuthenticatesAndKeepsNoPassword() throws Exception {
        Path file = directory.resolve("users");
        assertThat(run("s3cret pass\r\nignored second line\n", file.toString(), "alice")).isZero();

        String content = Files.readString(file);
        assertThat(content).startsWith("alice:SCRAM-SHA-256$10000:").doesNotContain("s3cret");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("added SCRAM-SHA-256 verifier of alice");
        assertThat(authenticates(file, "SCRAM-SHA-256", "alice", "s3cret pass")).isTrue();
        assertThat(authenticates(file, "SCRAM-SHA-256", "alice", "s3cret")).isFalse();
    }

    @Test
    void replacesTheUsersLineInPlaceAndKeepsEveryOtherLine() throws Exception {
        Path file = directory.resolve("users");
        String bob = ScramFixture.line("bob", "builder");
        List<String> before = List.of("# operators", ScramFixture.line("alice", "old"), "not a verifier", bob,
                ScramFixture.line(ScramMechanism.SCRAM_SHA_512, "alice", "other"), "");
        Files.write(file, before);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        assertThat(run("new\n", "--iterations", "4096", file.toString(), "alice")).isZero();

        List<String> after = Files.readAllLines(file);
        assertThat(after).hasSize(before.size());
        assertThat(after.get(1)).startsWith("alice:SCRAM-SHA-256$4096:").isNotEqualTo(before.get(1));
        assertThat(after).element(0).isEqualTo("# operators");
        assertThat(after.subList(2, after.size())).isEqualTo(before.subList(2, before.size()));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        assertThat(authenticates(file, "SCRAM-SHA-256", "alice", "new")).isTrue();
        assertThat(authenticates(file, "SCRAM-SHA-512", "alice", "other")).isTrue();
        assertThat(authenticates(file, "SCRAM-SHA-256", "bob", "builder")).isTrue();
    }

    @Test
    void setsAScramSha512Verifier() throws Exception {
        Path file = directory.resolve("users");
        assertThat(run("pw\n", "--mechanism", "SCRAM-SHA-512", "--iterations", "4096", file.toString(), "carol"))
                .isZero();
        assertThat(Files.readString(file)).startsWith("carol:SCRAM-SHA-512$4096:");
        assertThat(authenticates(file, "SCRAM-SHA-512", "carol", "pw")).isTrue();
    }

    @Test
    void deletesEveryLineOfTheUser() throws Exception {
        Path file = directory.resolve("users");
        Files.write(file, List.of(ScramFixture.line("alice", "a"), "# keep me",
                ScramFixture.line(ScramMechanism.SCRAM_SHA_512, "alice", "b"), ScramFixture.line("bob", "c")));

        assertThat(run("", "-D", file.toString(), "alice")).isZero();
        List<String> after = Files.readAllLines(file);
        assertThat(after).hasSize(2);
        assertThat(after.get(0)).isEqualTo("# keep me");
        assertThat(after.get(1)).startsWith("bob:");

        assertThat(run("", "-D", file.toString(), "alice")).isEqualTo(1);
        assertThat(errors()).contains("no user alice");
    }

    @Test
    void wrongUsageExitsWithTwo() {
        Path file = directory.resolve("users");
        assertThat(run("pw\n")).isEqualTo(2);
        assertThat(run("pw\n", "--iterations", "1000", file.toString(), "alice")).isEqualTo(2);
        assertThat(errors()).contains("RFC 7677");
        assertThat(run("pw\n", "--iterations", "many", file.toString(), "alice")).isEqualTo(2);
        assertThat(run("pw\n", "--mechanism", "SCRAM-SHA-1", file.toString(), "alice")).isEqualTo(2);
        assertThat(run("pw\n", "--force", file.toString(), "alice")).isEqualTo(2);
        assertThat(run("pw\n", file.toString(), "#root")).isEqualTo(2);
        assertThat(run("pw\n", file.toString(), "bell\u0007")).isEqualTo(2);
        assertThat(run("pw\n", file.toString(), "alice", "extra")).isEqualTo(2);
        assertThat(run("pw\n", file.toString(), "alice", "--iterations")).isEqualTo(2);
        assertThat(Files.exists(file)).isFalse();
        assertThat(run("", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: scram-passwd");
    }

    @Test
    void anEmptyPasswordIsRefused() {
        Path file = directory.resolve("users");
        assertThat(run("\n", file.toString(), "alice")).isEqualTo(1);
        assertThat(run("", file.toString(), "alice")).isEqualTo(1);
        assertThat(errors()).contains("empty password");
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void theUserNameIsSaslPrepped() throws Exception {
        Path file = directory.resolve("users");
        // U+00A0 (no-break space) maps to a space, U+00AD (soft hyphen) to nothing.
        assertThat(run("pw\n", "--iterations", "4096", file.toString(), "ali\u00ADce\u00A0smith")).isZero();
        assertThat(Files.readString(file)).startsWith("alice smith:");
        assertThat(authenticates(file, "SCRAM-SHA-256", "alice smith", "pw")).isTrue();
    }
}
