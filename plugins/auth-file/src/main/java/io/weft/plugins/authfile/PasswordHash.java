package io.weft.plugins.authfile;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A stored password hash in mosquitto's password file format (immutable, thread-safe). Written as
 * {@code $7$ITERATIONS$SALT$HASH}: PBKDF2 with HMAC-SHA512, a 12-byte random salt and a 64-byte result, both in
 * standard Base64 with padding, exactly as {@code mosquitto_passwd} (2.0) writes them, so files move between the
 * two brokers unchanged. Reading also accepts other salt lengths (mosquitto 2.1 writes 64 bytes) and mosquitto
 * 1.x's {@code $6$SALT$HASH}, one round of SHA-512 over password and salt, which is far too fast to resist
 * guessing and is accepted only so that an old file keeps working until its passwords are set again.
 */
sealed interface PasswordHash {

    /**
     * Iterations for new hashes: OWASP's Password Storage Cheat Sheet recommends 210,000 for PBKDF2-HMAC-SHA512
     * (mosquitto_passwd 2.0 writes 101). It costs about 0.2 to 0.3 s of one core per check; see the README.
     */
    int DEFAULT_ITERATIONS = 210_000;
    int SALT_LENGTH = 12;
    int HASH_LENGTH = 64;

    /** Whether {@code password} (the CONNECT's bytes) is the one hashed; compares in constant time. */
    boolean matches(byte[] password);

    /** The form written in the file. */
    String encoded();

    /** A new PBKDF2-SHA512 hash of {@code password} with a random salt. */
    static Pbkdf2 create(String password, int iterations, SecureRandom random) {
        if (iterations < 1) {
            throw new IllegalArgumentException("the iteration count must be at least 1: " + iterations);
        }
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        return new Pbkdf2(iterations, salt, Pbkdf2.derive(password.toCharArray(), salt, iterations));
    }

    /**
     * The hash written as {@code encoded}.
     *
     * @throws IllegalArgumentException saying what is wrong, never quoting the text (it may be a plain password)
     */
    static PasswordHash parse(String encoded) {
        if (encoded.startsWith("$7$")) {
            String[] parts = encoded.substring(3).split("\\$", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("a $7$ hash is $7$ITERATIONS$SALT$HASH");
            }
            if (!parts[0].matches("[1-9][0-9]{0,9}") || Long.parseLong(parts[0]) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the iteration count of a $7$ hash must be a positive integer");
            }
            return new Pbkdf2(Integer.parseInt(parts[0]), salt(parts[1]), hash(parts[2]));
        }
        if (encoded.startsWith("$6$")) {
            String[] parts = encoded.substring(3).split("\\$", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("a $6$ hash is $6$SALT$HASH");
            }
            return new Sha512(salt(parts[0]), hash(parts[1]));
        }
        if (encoded.startsWith("$argon2id$")) {
            throw new IllegalArgumentException("argon2id hashes are not supported; set the password again with "
                    + "weft passwd to get a $7$ (PBKDF2-SHA512) hash");
        }
        throw new IllegalArgumentException("unknown password hash format (expected $7$ for PBKDF2-SHA512 or $6$ "
                + "for salted SHA-512; plain text passwords are not accepted)");
    }

    private static byte[] salt(String text) {
        byte[] salt = base64(text, "salt");
        if (salt.length == 0) {
            throw new IllegalArgumentException("the salt is empty");
        }
        return salt;
    }

    private static byte[] hash(String text) {
        byte[] hash = base64(text, "hash");
        if (hash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("the hash must be " + HASH_LENGTH + " bytes, found " + hash.length);
        }
        return hash;
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("the " + what + " is not Base64");
        }
    }

    /** {@code $7$}: PBKDF2-HMAC-SHA512. */
    final class Pbkdf2 implements PasswordHash {
        private final int iterations;
        private final byte[] salt;
        private final byte[] hash;

        Pbkdf2(int iterations, byte[] salt, byte[] hash) {
            this.iterations = iterations;
            this.salt = salt.clone();
            this.hash = hash.clone();
        }

        int iterations() {
            return iterations;
        }

        @Override
        public boolean matches(byte[] password) {
            char[] characters = strictUtf8(password);
            if (characters == null) {
                return false; // no text hashes to these bytes: the JDK's PBKDF2 takes UTF-8 text
            }
            return MessageDigest.isEqual(hash, derive(characters, salt, iterations));
        }

        @Override
        public String encoded() {
            Base64.Encoder base64 = Base64.getEncoder();
            return "$7$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
        }

        /** PBKDF2WithHmacSHA512 encodes the characters as UTF-8, as mosquitto hashes the raw bytes. */
        static byte[] derive(char[] password, byte[] salt, int iterations) {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_LENGTH * 8);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
            } catch (GeneralSecurityException missing) {
                throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA512", missing);
            } finally {
                spec.clearPassword();
                Arrays.fill(password, '\0');
            }
        }

        private static char[] strictUtf8(byte[] bytes) {
            try {
                CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes));
                char[] characters = new char[decoded.remaining()];
                decoded.get(characters);
                return characters;
            } catch (CharacterCodingException notUtf8) {
                return null;
            }
        }

        @Override
        public String toString() {
            return "PBKDF2-SHA512 hash, " + iterations + " iterations";
        }
    }

    /** {@code $6$}: SHA-512 over the password bytes then the salt, as mosquitto 1.x wrote. */
    final class Sha512 implements PasswordHash {
        private final byte[] salt;
        private final byte[] hash;

        Sha512(byte[] salt, byte[] hash) {
            this.salt = salt.clone();
            this.hash = hash.clone();
        }

        @Override
        public boolean matches(byte[] password) {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-512");
                digest.update(password);
                digest.update(salt);
                return MessageDigest.isEqual(hash, digest.digest());
            } catch (GeneralSecurityException missing) {
                throw new IllegalStateException("this JDK has no SHA-512", missing);
            }
        }

        @Override
        public String encoded() {
            Base64.Encoder base64 = Base64.getEncoder();
            return "$6$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
        }

        @Override
        public String toString() {
            return "salted SHA-512 hash (mosquitto 1.x)";
        }
    }
}
