package io.weft.plugins.authfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordCommandTest {

    @TempDir
    Path directory;

    /** What one run printed and returned. */
    record Run(int status, String out, String err) {
    }

    private static Run run(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PasswordCommand.run(List.of(args), new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static PasswordHash hashOf(Path file, String user) throws IOException {
        UserTable table = UserTable.parse(file, Files.readAllLines(file));
        assertThat(table.problems()).isEmpty();
        return table.hashOf(user);
    }

    private static boolean matches(PasswordHash hash, String password) {
        return hash.matches(password.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void addsAUserToANewFileReadableByItsOwnerOnlyWithTheDefaultIterations() throws IOException {
        Path file = directory.resolve("passwd");

        Run run = run("s3cret ✓\nignored second line\n", "passwd", file.toString(), "alice");

        assertThat(run).isEqualTo(new Run(0, "added alice in " + file + "\n", ""));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("alice:$7$210000$").endsWith("\n");
        assertThat(matches(hashOf(file, "alice"), "s3cret ✓")).isTrue();
        assertThat(directory.toFile().list()).as("no temporary file left").containsExactly("passwd");
    }

    @Test
    void changesAPasswordKeepingEveryOtherLineInOrder() throws IOException {
        Path file = Files.write(directory.resolve("passwd"), List.of("# our users", "bob:$7$1$AAAA$BBBB", "",
                "alice:old", "carol:$6$x$y", "alice:older"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        Run run = run("new\r\n", "-I", "1000", file.toString(), "alice");

        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("changed the password of alice in " + file + "\n");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(5);
        assertThat(lines.subList(0, 3)).containsExactly("# our users", "bob:$7$1$AAAA$BBBB", "");
        assertThat(lines.get(3)).startsWith("alice:$7$1000$");
        assertThat(lines.get(4)).isEqualTo("carol:$6$x$y");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(PasswordHash.parse(lines.get(3).substring(6)).matches("new".getBytes(StandardCharsets.UTF_8)))
                .as("the carriage return is not part of the password").isTrue();
    }

    @Test
    void deletesAUser() throws IOException {
        Path file = Files.write(directory.resolve("passwd"), List.of("alice:x", "# keep", "bob:y"));

        assertThat(run("", "passwd", "-D", file.toString(), "alice"))
                .isEqualTo(new Run(0, "deleted alice from " + file + "\n", ""));
        assertThat(Files.readAllLines(file)).containsExactly("# keep", "bob:y");

        Run again = run("", "-D", file.toString(), "alice");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("weft passwd: user alice is not in " + file + "\n");
    }

    @Test
    void aSymbolicLinkIsFollowedAndKept() throws IOException {
        Path target = Files.write(directory.resolve("real-passwd"), List.of("bob:y"));
        Path link = Files.createSymbolicLink(directory.resolve("passwd"), target);

        assertThat(run("pw\n", "-I", "10", link.toString(), "alice").status()).isZero();

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllLines(target)).hasSize(2).first().isEqualTo("bob:y");
    }

    @Test
    void wrongArgumentsAreUsageErrors() {
        Run none = run("", "passwd");
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).startsWith("weft passwd: expected FILE and USER\nusage: weft passwd");
        assertThat(run("", "a", "b", "c").status()).isEqualTo(2);
        assertThat(run("", "-x", "file", "user").err()).startsWith("weft passwd: unknown option -x");
        assertThat(run("", "-I", "many", "file", "user").status()).isEqualTo(2);
        assertThat(run("", "-I").status()).isEqualTo(2);
        assertThat(run("", "--help")).satisfies(help -> {
            assertThat(help.status()).isZero();
            assertThat(help.out()).contains("weft passwd -D FILE USER");
        });
    }

    @Test
    void badUserNamesAndPasswordsAreRefusedAndTheFileIsNotTouched() throws IOException {
        Path file = Files.write(directory.resolve("passwd"), List.of("bob:y"));
        String before = Files.readString(file);

        assertThat(run("pw\n", file.toString(), "al:ice"))
                .isEqualTo(new Run(1, "", "weft passwd: a user name cannot contain ':' (it separates the name from "
                        + "the hash)\n"));
        assertThat(run("pw\n", file.toString(), "#alice").err()).contains("cannot start with '#'");
        assertThat(run("pw\n", file.toString(), " alice").err()).contains("white space");
        assertThat(run("pw\n", file.toString(), "").err()).contains("the user name is empty");
        assertThat(run("\n", file.toString(), "alice"))
                .isEqualTo(new Run(1, "", "weft passwd: the password is empty\n"));
        assertThat(run("", file.toString(), "alice"))
                .isEqualTo(new Run(1, "", "weft passwd: no password on standard input\n"));
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void unreadableFilesAreErrors() throws IOException {
        Path binary = Files.write(directory.resolve("binary"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1});
        assertThat(run("pw\n", binary.toString(), "alice"))
                .isEqualTo(new Run(1, "", "weft passwd: " + binary + " is not UTF-8 text\n"));
        assertThat(Files.readAllBytes(binary)).hasSize(4);

        assertThat(run("pw\n", directory.toString(), "alice"))
                .isEqualTo(new Run(1, "", "weft passwd: " + directory + " is a directory\n"));
        Path missing = directory.resolve("missing");
        assertThat(run("", "-D", missing.toString(), "alice"))
                .isEqualTo(new Run(1, "", "weft passwd: " + missing + ": no such file or directory\n"));
        Path nowhere = directory.resolve("no/such/dir/passwd");
        assertThat(run("pw\n", nowhere.toString(), "alice").status()).isEqualTo(1);
    }
}
