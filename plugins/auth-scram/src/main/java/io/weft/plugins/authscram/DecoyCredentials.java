package io.weft.plugins.authscram;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Verifiers for users that do not exist, so that an unknown user gets a server-first-message like a real one and
 * fails only at the proof, as a wrong password does (RFC 5802 section 5.1 suggests it). Everything is derived from a
 * secret with HMAC: the same unknown name always shows the same salt, as a real user's does, and nobody without the
 * secret can tell it from a real one. The secret is kept in the plugin's data directory so that the decoys stay the
 * same across restarts (a salt that changed on each restart would give the unknown user away). Immutable.
 */
final class DecoyCredentials {

    static final String SECRET_FILE = "decoy-secret";
    private static final int SECRET_BYTES = 32;

    private final byte[] secret;

    DecoyCredentials(byte[] secret) {
        this.secret = secret.clone();
    }

    /** The secret in {@code directory}, made (readable by the owner only) on first use. */
    static DecoyCredentials inDirectory(Path directory, SecureRandom random) throws IOException {
        Path file = directory.resolve(SECRET_FILE);
        if (!Files.exists(file)) {
            byte[] fresh = new byte[SECRET_BYTES];
            random.nextBytes(fresh);
            Path temporary = Files.createTempFile(directory, SECRET_FILE, ".new");
            try {
                restrictToOwner(temporary);
                Files.write(temporary, fresh);
                // Whole or not at all: a half-written secret would change every decoy on the next start.
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
        byte[] secret = Files.readAllBytes(file);
        if (secret.length < SECRET_BYTES) {
            throw new IOException(file + " holds " + secret.length + " bytes; delete it to make a new secret");
        }
        return new DecoyCredentials(secret);
    }

    /** The decoy of {@code username} (SASLprep'd), with the iteration count real users of the mechanism have. */
    ScramCredential decoy(ScramMechanism mechanism, String username, int iterations) {
        byte[] salt = Arrays.copyOf(derive(mechanism, "salt", username), ScramCredential.SALT_BYTES);
        return new ScramCredential(mechanism, username, iterations, salt, derive(mechanism, "stored-key", username),
                derive(mechanism, "server-key", username));
    }

    private byte[] derive(ScramMechanism mechanism, String purpose, String username) {
        byte[] label = (purpose + "\0" + username).getBytes(StandardCharsets.UTF_8);
        return ScramFunctions.hmac(mechanism, secret, label);
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's ACL applies.
        }
    }
}
