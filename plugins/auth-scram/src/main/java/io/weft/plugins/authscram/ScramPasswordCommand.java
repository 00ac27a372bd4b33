package io.weft.plugins.authscram;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code weft scram-passwd}: sets or deletes a user's SCRAM verifier in a credentials file. The password is read
 * from standard input (its first line), or prompted for twice without echo on a terminal; only the verifier is
 * written, never the password, and the file is replaced atomically with its other lines kept as they were.
 *
 * <pre>
 * scram-passwd [--iterations N] [--mechanism SCRAM-SHA-256|SCRAM-SHA-512] FILE USER
 * scram-passwd -D FILE USER
 * </pre>
 *
 * Exit status: 0 done, 1 failed (unreadable file, passwords that differ, no such user to delete), 2 wrong usage.
 */
public final class ScramPasswordCommand {

    /**
     * The iteration count of new verifiers. RFC 7677 asks for at least 4096 (PostgreSQL's default); more makes each
     * guess against a stolen file dearer, but every client pays it again on every connect, and MQTT clients are
     * often small devices. 10,000 is a few milliseconds on a JVM and about a second on a microcontroller with SHA
     * acceleration; raise it with --iterations where clients are fast.
     */
    public static final int DEFAULT_ITERATIONS = 10_000;

    /** A ceiling that keeps a typo from making every client spin for minutes. */
    static final int MAXIMUM_ITERATIONS = 10_000_000;

    private static final String USAGE = """
            usage: scram-passwd [--iterations N] [--mechanism SCRAM-SHA-256|SCRAM-SHA-512] FILE USER
                   scram-passwd -D FILE USER
            Sets USER's SCRAM verifier in FILE, with the password read from standard input (or prompted for
            twice on a terminal); -D deletes USER's verifiers. Iterations default to %d (at least %d).
            """.formatted(DEFAULT_ITERATIONS, ScramCredential.RFC_MINIMUM_ITERATIONS);

    private ScramPasswordCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.in, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        boolean delete = false;
        int iterations = DEFAULT_ITERATIONS;
        ScramMechanism mechanism = ScramMechanism.SCRAM_SHA_256;
        List<String> operands = new ArrayList<>();
        for (int index = 0; index < args.size(); index++) {
            String argument = args.get(index);
            switch (argument) {
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "-D", "--delete" -> delete = true;
                case "--iterations", "--mechanism" -> {
                    if (index + 1 == args.size()) {
                        return usage(err, argument + " needs a value");
                    }
                    String value = args.get(++index);
                    if (argument.equals("--mechanism")) {
                        mechanism = ScramCredential.MECHANISMS.get(value);
                        if (mechanism == null) {
                            return usage(err, "unknown mechanism " + value);
                        }
                    } else {
                        try {
                            iterations = Integer.parseInt(value);
                        } catch (NumberFormatException notNumber) {
                            return usage(err, "--iterations needs a number, got " + value);
                        }
                        if (iterations < ScramCredential.RFC_MINIMUM_ITERATIONS || iterations > MAXIMUM_ITERATIONS) {
                            return usage(err, "--iterations must be from " + ScramCredential.RFC_MINIMUM_ITERATIONS
                                    + " (RFC 7677) to " + MAXIMUM_ITERATIONS);
                        }
                    }
                }
                default -> {
                    if (argument.startsWith("-") && argument.length() > 1) {
                        return usage(err, "unknown option " + argument);
                    }
                    operands.add(argument);
                }
            }
        }
        if (operands.size() != 2) {
            return usage(err, "expected FILE and USER");
        }
        Path file = Path.of(operands.get(0));
        String user;
        try {
            user = ScramCredential.prepare(operands.get(1));
        } catch (IllegalArgumentException prohibited) {
            return usage(err, "SASLprep does not allow that user name: " + prohibited.getMessage());
        }
        if (user.startsWith("#") || !user.equals(user.strip())) {
            return usage(err, "a user name cannot start with '#' nor start or end with white space");
        }
        try {
            return delete ? delete(file, user, out, err) : set(file, user, mechanism, iterations, in, out, err);
        } catch (IOException failed) {
            err.println("scram-passwd: " + failed);
            return 1;
        }
    }

    private static int set(Path file, String user, ScramMechanism mechanism, int iterations, InputStream in,
                           PrintStream out, PrintStream err) throws IOException {
        char[] password = readPassword(user, in, err);
        if (password == null) {
            return 1;
        }
        ScramCredential credential;
        try {
            if (password.length == 0) {
                err.println("scram-passwd: empty password");
                return 1;
            }
            byte[] salt = ScramFunctions.salt(ScramCredential.SALT_BYTES, new SecureRandom());
            credential = ScramCredential.derive(mechanism, user, password, salt, iterations);
        } catch (IllegalArgumentException prohibited) {
            err.println("scram-passwd: SASLprep does not allow that password: " + prohibited.getMessage());
            return 1;
        } finally {
            Arrays.fill(password, '\0');
        }
        List<String> lines = readLines(file);
        List<String> kept = new ArrayList<>();
        boolean replaced = false;
        for (String line : lines) {
            if (isLineOf(line, candidate -> candidate.username().equals(user) && candidate.mechanism() == mechanism)) {
                if (!replaced) {
                    kept.add(credential.line());
                    replaced = true;
                }
            } else {
                kept.add(line);
            }
        }
        if (!replaced) {
            kept.add(credential.line());
        }
        write(file, kept);
        out.println((replaced ? "replaced " : "added ") + mechanism.getName() + " verifier of " + user + " in " + file);
        return 0;
    }

    private static int delete(Path file, String user, PrintStream out, PrintStream err) throws IOException {
        List<String> lines = readLines(file);
        List<String> kept = lines.stream()
                .filter(line -> !isLineOf(line, candidate -> candidate.username().equals(user))).toList();
        if (kept.size() == lines.size()) {
            err.println("scram-passwd: no user " + user + " in " + file);
            return 1;
        }
        write(file, kept);
        out.println("deleted " + user + " from " + file);
        return 0;
    }

    /** Whether {@code line} is a verifier that {@code wanted} matches; comments and bad lines are not. */
    private static boolean isLineOf(String line, Predicate<ScramCredential> wanted) {
        String content = line.strip();
        if (content.isEmpty() || content.startsWith("#")) {
            return false;
        }
        try {
            return wanted.test(ScramCredential.parse(content));
        } catch (IllegalArgumentException notVerifier) {
            return false;
        }
    }

    private static List<String> readLines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /**
     * Replaces the file (the target of a symbolic link) with a new one moved into place, so that the broker never
     * reads half of it; the new file keeps the old one's permissions, or is the owner's alone.
     */
    private static void write(Path file, List<String> lines) throws IOException {
        Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".new");
        try {
            try {
                Set<PosixFilePermission> permissions = Files.exists(target) ? Files.getPosixFilePermissions(target)
                        : PosixFilePermissions.fromString("rw-------");
                Files.setPosixFilePermissions(temporary, permissions);
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's ACL applies.
            }
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The password: prompted twice on a terminal, else the first line of {@code in}; null after an error. */
    private static char[] readPassword(String user, InputStream in, PrintStream err) throws IOException {
        Console console = System.console();
        if (in == System.in && console != null && isTerminal(console)) {
            char[] first = console.readPassword("Password for %s: ", user);
            char[] second = console.readPassword("Password again: ");
            try {
                if (first == null || second == null || !Arrays.equals(first, second)) {
                    err.println("scram-passwd: the passwords differ");
                    return null;
                }
                return first.clone();
            } finally {
                if (first != null) {
                    Arrays.fill(first, '\0');
                }
                if (second != null) {
                    Arrays.fill(second, '\0');
                }
            }
        }
        return firstLine(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Reads up to a line end into a char array, never a String, so the password can be wiped after use. */
    private static char[] firstLine(Reader reader) throws IOException {
        char[] buffer = new char[64];
        int length = 0;
        for (int read = reader.read(); read != -1 && read != '\n'; read = reader.read()) {
            if (length == buffer.length) {
                char[] larger = Arrays.copyOf(buffer, buffer.length * 2);
                Arrays.fill(buffer, '\0');
                buffer = larger;
            }
            buffer[length++] = (char) read;
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        char[] line = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, '\0');
        return line;
    }

    /** Java 22 and later give a Console even when input is redirected; ask it whether it is a terminal. */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException beforeJava22) {
            return true;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("scram-passwd: " + problem);
        err.print(USAGE);
        return 2;
    }
}
