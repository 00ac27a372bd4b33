package io.weft.plugins.authfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordHashTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static UserTable fixture() throws IOException {
        try (InputStream in = PasswordHashTest.class.getResourceAsStream("/mosquitto-passwd")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return UserTable.parse(Path.of("mosquitto-passwd"), lines);
        }
    }

    @Test
    void aNewHashHasMosquittosLayoutAndVerifiesItsPassword() {
        PasswordHash.Pbkdf2 hash = PasswordHash.create("s3cret ✓", 1000, new SecureRandom());
        String[] parts = hash.encoded().split("\\$");
        assertThat(parts).hasSize(5);
        assertThat(parts[1]).isEqualTo("7");
        assertThat(parts[2]).isEqualTo("1000");
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(12);
        assertThat(parts[3]).hasSize(16); // standard Base64, as OpenSSL's BIO writes it
        assertThat(Base64.getDecoder().decode(parts[4])).hasSize(64);
        assertThat(parts[4]).hasSize(88).endsWith("==");

        PasswordHash parsed = PasswordHash.parse(hash.encoded());
        assertThat(parsed.encoded()).isEqualTo(hash.encoded());
        assertThat(parsed.matches(utf8("s3cret ✓"))).isTrue();
        assertThat(parsed.matches(utf8("s3cret"))).isFalse();
        assertThat(parsed.matches(new byte[0])).isFalse();
    }

    @Test
    void twoHashesOfOnePasswordDifferBySalt() {
        SecureRandom random = new SecureRandom();
        assertThat(PasswordHash.create("same", 10, random).encoded())
                .isNotEqualTo(PasswordHash.create("same", 10, random).encoded());
    }

    @Test
    void newHashesUseOwaspsIterationCountForPbkdf2Sha512() {
        assertThat(PasswordHash.DEFAULT_ITERATIONS).isEqualTo(210_000);
    }

    @Test
    void linesWrittenByMosquittoPasswdVerify() throws IOException {
        UserTable users = fixture();
        assertThat(users.problems()).isEmpty();
        assertThat(users.hashOf("alice").matches(utf8("correct horse"))).isTrue();
        assertThat(users.hashOf("alice").matches(utf8("correct horse "))).isFalse();
        assertThat(users.hashOf("bob").matches(utf8("Ünïcode pässword"))).isTrue();
        assertThat(((PasswordHash.Pbkdf2) users.hashOf("alice")).iterations()).isEqualTo(101);
    }

    @Test
    void legacySha512AndLongSaltsVerify() throws IOException {
        UserTable users = fixture();
        assertThat(users.hashOf("carol")).isInstanceOf(PasswordHash.Sha512.class);
        assertThat(users.hashOf("carol").matches(utf8("legacy secret"))).isTrue();
        assertThat(users.hashOf("carol").matches(utf8("legacy"))).isFalse();
        assertThat(users.hashOf("dave").matches(utf8("long salt"))).isTrue();
        assertThat(users.hashOf("dave").matches(utf8("short salt"))).isFalse();
    }

    @Test
    void passwordBytesThatAreNotUtf8NeverMatch() {
        PasswordHash hash = PasswordHash.create("\uFFFD", 10, new SecureRandom());
        assertThat(hash.matches(new byte[] {(byte) 0xC3})).isFalse(); // would decode to U+FFFD if lenient
        assertThat(hash.matches(utf8("\uFFFD"))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "hunter2-is-my-password | unknown password hash format",
            "$argon2id$v=19$m=47104,t=1,p=1$c2FsdA$aGFzaA | argon2id hashes are not supported",
            "$7$0$AAAAAAAAAAAAAAAA$AAAA | iteration count of a $7$ hash must be a positive integer",
            "$7$x$AAAAAAAAAAAAAAAA$AAAA | iteration count of a $7$ hash must be a positive integer",
            "$7$99999999999$AAAAAAAAAAAAAAAA$AAAA | iteration count of a $7$ hash must be a positive integer",
            "$7$101$AAAAAAAAAAAAAAAA | a $7$ hash is $7$ITERATIONS$SALT$HASH",
            "$7$101$not*base64$AAAA | the salt is not Base64",
            "$7$101$AAAAAAAAAAAAAAAA$AAAA | the hash must be 64 bytes, found 3",
            "$7$101$$AAAA | the salt is empty",
            "$6$AAAAAAAAAAAAAAAA | a $6$ hash is $6$SALT$HASH",
    })
    void unusableHashesAreRefusedWithoutQuotingThem(String encoded, String problem) {
        assertThatThrownBy(() -> PasswordHash.parse(encoded)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem).message().doesNotContain(encoded);
    }

    @Test
    void anyIterationCountIsAcceptedWhenVerifying() {
        PasswordHash one = PasswordHash.create("p", 1, new SecureRandom());
        assertThat(PasswordHash.parse(one.encoded()).matches(utf8("p"))).isTrue();
        assertThatThrownBy(() -> PasswordHash.create("p", 0, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
