package io.weft.plugins.authfile;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code weft passwd}: adds, changes or deletes a user of a users file, in the format mosquitto_passwd writes.
 * <pre>
 * weft passwd [-I ITERATIONS] FILE USER   set USER's password (read from standard input, or asked twice on a
 *                                         terminal); FILE is made (0600) when missing
 * weft passwd -D FILE USER                delete USER
 * </pre>
 * Other lines of the file stay as they were, in order, comments included, and the file is replaced atomically,
 * so a broker reloading it never reads half of it. Exit status 0 on success, 1 when the file or the input is
 * wrong, 2 for wrong arguments.
 */
public final class PasswordCommand {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String SYNOPSIS = """
            usage: weft passwd [-I ITERATIONS] FILE USER   set USER's password (read from standard input)
                   weft passwd -D FILE USER                delete USER from FILE""";

    private PasswordCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.in, System.out, System.err));
    }

    /**
     * Runs the command.
     *
     * @param args the arguments, optionally starting with the command word {@code passwd} (so both
     *             {@code passwd FILE USER} and {@code FILE USER} work)
     * @param in   where the password is read from: its first line
     * @return the exit status
     */
    public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        boolean delete = false;
        int iterations = PasswordHash.DEFAULT_ITERATIONS;
        List<String> positional = new ArrayList<>();
        for (int index = 0; index < args.size(); index++) {
            String argument = args.get(index);
            switch (argument) {
                case "-h", "--help" -> {
                    out.println(SYNOPSIS);
                    return OK;
                }
                case "-D" -> delete = true;
                case "-I" -> {
                    if (index + 1 == args.size() || !args.get(index + 1).matches("[1-9][0-9]{0,8}")) {
                        return usage(err, "-I needs an iteration count from 1 to 999999999");
                    }
                    iterations = Integer.parseInt(args.get(++index));
                }
                default -> {
                    if (argument.startsWith("-") && argument.length() > 1) {
                        return usage(err, "unknown option " + argument);
                    }
                    positional.add(argument);
                }
            }
        }
        if (positional.size() == 3 && positional.getFirst().equals("passwd")) {
            positional.removeFirst();
        }
        if (positional.size() != 2) {
            return usage(err, "expected FILE and USER");
        }
        Path file = Path.of(positional.get(0));
        String user = positional.get(1);
        String problem = userProblem(user);
        if (problem != null) {
            err.println("weft passwd: " + problem);
            return FAILED;
        }
        try {
            return delete ? delete(file, user, out, err) : set(file, user, iterations, in, out, err);
        } catch (NoSuchFileException missing) {
            err.println("weft passwd: " + file + ": no such file or directory");
        } catch (MalformedInputException notText) {
            err.println("weft passwd: " + file + " is not UTF-8 text");
        } catch (IOException failure) {
            err.println("weft passwd: " + file + ": " + WatchedFile.describe(failure));
        }
        return FAILED;
    }

    private static int set(Path file, String user, int iterations, InputStream in, PrintStream out,
                           PrintStream err) throws IOException {
        if (Files.isDirectory(file)) {
            err.println("weft passwd: " + file + " is a directory");
            return FAILED;
        }
        PasswordFileLines lines = PasswordFileLines.read(file); // before asking: fail early on a bad file
        String password = readPassword(in, err);
        if (password == null) {
            return FAILED;
        }
        String hash = PasswordHash.create(password, iterations, new SecureRandom()).encoded();
        boolean replaced = lines.put(user, hash);
        lines.writeTo(file);
        out.println((replaced ? "changed the password of " : "added ") + user + " in " + file);
        return OK;
    }

    private static int delete(Path file, String user, PrintStream out, PrintStream err) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        PasswordFileLines lines = PasswordFileLines.read(file);
        if (!lines.remove(user)) {
            err.println("weft passwd: user " + user + " is not in " + file);
            return FAILED;
        }
        lines.writeTo(file);
        out.println("deleted " + user + " from " + file);
        return OK;
    }

    /** Why {@code user} cannot be written as a line of the users file, or null. */
    static String userProblem(String user) {
        if (user.isEmpty()) {
            return "the user name is empty";
        }
        if (user.indexOf(':') >= 0) {
            return "a user name cannot contain ':' (it separates the name from the hash)";
        }
        if (user.startsWith("#")) {
            return "a user name cannot start with '#' (the line would be a comment)";
        }
        if (!user.equals(user.strip())) {
            return "a user name cannot start or end with white space";
        }
        if (user.chars().anyMatch(Character::isISOControl)) {
            return "a user name cannot contain control characters";
        }
        return null;
    }

    /** From a terminal, asked twice without echo; otherwise the first line of {@code in}. Null after an error. */
    private static String readPassword(InputStream in, PrintStream err) throws IOException {
        Console console = System.console();
        String password;
        if (in == System.in && console != null && isTerminal(console)) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Reenter password: ");
            if (first == null || second == null) {
                err.println("weft passwd: no password entered");
                return null;
            }
            boolean same = Arrays.equals(first, second);
            password = new String(first);
            Arrays.fill(first, '\0');
            Arrays.fill(second, '\0');
            if (!same) {
                err.println("weft passwd: the passwords do not match");
                return null;
            }
        } else {
            password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (password == null) {
                err.println("weft passwd: no password on standard input");
                return null;
            }
        }
        if (password.isEmpty()) {
            err.println("weft passwd: the password is empty");
            return null;
        }
        return password;
    }

    /**
     * Whether the console is a terminal. From Java 22 on, System.console() may return a console when input is
     * piped; Console.isTerminal() (22+) tells; on 21 a console is only returned for a terminal.
     */
    private static boolean isTerminal(Console console) {
        try {
            return (boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException before22) {
            return true;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("weft passwd: " + problem);
        err.println(SYNOPSIS);
        return USAGE;
    }
}
