package io.weft.plugins.authfile;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UserTableTest {

    private static final Path FILE = Path.of("/etc/weft/passwd");

    @Test
    void badLinesAreLeftOutAndReportedWithFileAndLineTheRestCounts() {
        String good = PasswordHash.create("pw", 10, new SecureRandom()).encoded();
        UserTable table = UserTable.parse(FILE, List.of(
                "# users",
                "",
                "alice:" + good,
                "bob:plaintext-secret",
                "no colon here",
                ":" + good,
                "carol:$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA",
                "alice:" + good,
                "  dave:" + good + "  "));

        assertThat(table.users().keySet()).containsExactlyInAnyOrder("alice", "dave");
        assertThat(table.problems()).extracting(FileProblem::toString).containsExactly(
                "/etc/weft/passwd:4: user bob left out: unknown password hash format (expected $7$ for PBKDF2-SHA512"
                        + " or $6$ for salted SHA-512; plain text passwords are not accepted)",
                "/etc/weft/passwd:5: expected USER:HASH",
                "/etc/weft/passwd:6: the user name is empty",
                "/etc/weft/passwd:7: user carol left out: argon2id hashes are not supported; set the password again "
                        + "with weft passwd to get a $7$ (PBKDF2-SHA512) hash",
                "/etc/weft/passwd:8: user alice appears again (first on line 3); this line is ignored");
        assertThat(table.problems()).allSatisfy(problem -> assertThat(problem.toString())
                .doesNotContain("plaintext-secret"));
    }

    @Test
    void anEmptyFileHasNoUsers() {
        assertThat(UserTable.parse(FILE, List.of()).size()).isZero();
    }
}
