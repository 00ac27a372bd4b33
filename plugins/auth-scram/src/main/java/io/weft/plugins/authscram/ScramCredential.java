package io.weft.plugins.authscram;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One user's SCRAM verifier for one mechanism, as PostgreSQL keeps it: the salt and iteration count the client
 * needs, StoredKey to check its proof and ServerKey to sign the answer (RFC 5802 section 3). Never the password.
 * Immutable (its arrays are never changed once made).
 *
 * <p>A line of the credentials file: {@code user:SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>},
 * base64 throughout.
 *
 * @param username the user name, SASLprep'd
 */
record ScramCredential(ScramMechanism mechanism, String username, int iterations, byte[] salt, byte[] storedKey,
                       byte[] serverKey) {

    /** The Authentication Methods, which are also the verifiers' mechanism names. */
    static final Map<String, ScramMechanism> MECHANISMS = Map.of(
            ScramMechanism.SCRAM_SHA_256.getName(), ScramMechanism.SCRAM_SHA_256,
            ScramMechanism.SCRAM_SHA_512.getName(), ScramMechanism.SCRAM_SHA_512);

    /** RFC 7677 section 4: the iteration count SHOULD be at least 4096. */
    static final int RFC_MINIMUM_ITERATIONS = 4096;

    /** PostgreSQL's salt length, and the tool's. */
    static final int SALT_BYTES = 16;

    // The user name is greedy, so a name may hold ':'; the verifier after it is anchored.
    private static final Pattern LINE = Pattern.compile(
            "(.+):(SCRAM-SHA-[0-9]+)\\$([0-9]{1,10}):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");

    /** The verifier of {@code password}, which is SASLprep'd first (RFC 5802 section 2.2). */
    static ScramCredential derive(ScramMechanism mechanism, String username, char[] password, byte[] salt,
                                  int iterations) {
        byte[] saltedPassword = ScramFunctions.saltedPassword(mechanism, StringPreparation.SASL_PREPARATION,
                password, salt, iterations);
        byte[] clientKey = ScramFunctions.clientKey(mechanism, saltedPassword);
        try {
            return new ScramCredential(mechanism, prepare(username), iterations, salt.clone(),
                    ScramFunctions.storedKey(mechanism, clientKey), ScramFunctions.serverKey(mechanism, saltedPassword));
        } finally {
            Arrays.fill(saltedPassword, (byte) 0);
            Arrays.fill(clientKey, (byte) 0);
        }
    }

    /**
     * Parses a credentials file line (neither blank nor a comment).
     *
     * @throws IllegalArgumentException saying what is wrong, without repeating the line's secrets
     */
    static ScramCredential parse(String line) {
        Matcher matcher = LINE.matcher(line);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected user:SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey");
        }
        ScramMechanism mechanism = MECHANISMS.get(matcher.group(2));
        if (mechanism == null) {
            throw new IllegalArgumentException("unsupported mechanism " + matcher.group(2) + "; supported are "
                    + MECHANISMS.keySet().stream().sorted().toList());
        }
        long iterations = Long.parseLong(matcher.group(3));
        if (iterations < 1 || iterations > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the iteration count must be from 1 to " + Integer.MAX_VALUE);
        }
        byte[] salt = decode(matcher.group(4), "salt");
        byte[] storedKey = decode(matcher.group(5), "StoredKey");
        byte[] serverKey = decode(matcher.group(6), "ServerKey");
        int keyLength = keyLength(mechanism);
        if (salt.length == 0 || storedKey.length != keyLength || serverKey.length != keyLength) {
            throw new IllegalArgumentException("a " + mechanism.getName() + " verifier needs a salt and keys of "
                    + keyLength + " bytes");
        }
        return new ScramCredential(mechanism, prepare(matcher.group(1)), (int) iterations, salt, storedKey,
                serverKey);
    }

    /** The line for the credentials file. */
    String line() {
        Base64.Encoder base64 = Base64.getEncoder();
        return username + ":" + mechanism.getName() + "$" + iterations + ":" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(storedKey) + ":" + base64.encodeToString(serverKey);
    }

    /**
     * A user name as SCRAM compares it: SASLprep'd (RFC 4013), as RFC 5802 section 5.1 asks of both sides.
     *
     * @throws IllegalArgumentException when SASLprep forbids it (control characters, unassigned code points...)
     *                                  or nothing is left of it
     */
    static String prepare(String username) {
        String prepared = new String(StringPreparation.SASL_PREPARATION.normalize(username.toCharArray()));
        if (prepared.isEmpty()) {
            throw new IllegalArgumentException("the user name is empty once SASLprep'd");
        }
        return prepared;
    }

    /** The mechanism's hash length in bytes: the length of StoredKey, ServerKey and a proof. */
    static int keyLength(ScramMechanism mechanism) {
        return ScramFunctions.hash(mechanism, new byte[0]).length;
    }

    private static byte[] decode(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException(what + " is not base64");
        }
    }

    /** Leaves the keys out, so that logging a credential logs no secret. */
    @Override
    public String toString() {
        return "ScramCredential[" + mechanism.getName() + ", " + username + ", " + iterations + " iterations]";
    }
}
