package io.weft.plugins.authscram;

import com.ongres.scram.common.ScramMechanism;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The verifiers of one reading of the credentials file, by mechanism and SASLprep'd user name. Immutable, so it is
 * shared by every client's thread and replaced whole when the file changes.
 */
final class Credentials {

    /** A line that was skipped, and why. */
    record Problem(int line, String reason) {
    }

    private final Map<ScramMechanism, Map<String, ScramCredential>> byMechanism;
    private final List<Problem> problems;
    private final Map<ScramMechanism, Integer> usualIterations = new EnumMap<>(ScramMechanism.class);
    private final int users;

    private Credentials(Map<ScramMechanism, Map<String, ScramCredential>> byMechanism, List<Problem> problems) {
        this.byMechanism = byMechanism;
        this.problems = List.copyOf(problems);
        this.users = (int) byMechanism.values().stream().flatMap(names -> names.keySet().stream()).distinct().count();
        byMechanism.forEach((mechanism, users) -> users.values().stream()
                .collect(Collectors.groupingBy(ScramCredential::iterations, Collectors.counting()))
                .entrySet().stream()
                .max(Comparator.comparing((Map.Entry<Integer, Long> entry) -> entry.getValue())
                        .thenComparing(Map.Entry::getKey))
                .ifPresent(usual -> usualIterations.put(mechanism, usual.getKey())));
    }

    static Credentials of(Collection<ScramCredential> credentials) {
        Map<ScramMechanism, Map<String, ScramCredential>> byMechanism = new EnumMap<>(ScramMechanism.class);
        for (ScramCredential credential : credentials) {
            byMechanism.computeIfAbsent(credential.mechanism(), ignored -> new HashMap<>())
                    .put(credential.username(), credential);
        }
        return new Credentials(byMechanism, List.of());
    }

    /**
     * Reads {@code file}: one verifier a line, {@code #} comments and blank lines ignored. A line that does not
     * parse, or repeats a user of the same mechanism, is a {@link Problem} and skipped; the others are kept.
     */
    static Credentials read(Path file) throws IOException {
        Map<ScramMechanism, Map<String, ScramCredential>> byMechanism = new EnumMap<>(ScramMechanism.class);
        Map<String, Integer> firstLines = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                String content = line.strip();
                if (content.isEmpty() || content.startsWith("#")) {
                    continue;
                }
                ScramCredential credential;
                try {
                    credential = ScramCredential.parse(content);
                } catch (IllegalArgumentException invalid) {
                    problems.add(new Problem(number, invalid.getMessage()));
                    continue;
                }
                String key = credential.mechanism().getName() + ":" + credential.username();
                Integer first = firstLines.putIfAbsent(key, number);
                if (first != null) {
                    problems.add(new Problem(number, "a second " + credential.mechanism().getName() + " line for "
                            + "user " + credential.username() + " (the first, on line " + first + ", is used)"));
                    continue;
                }
                byMechanism.computeIfAbsent(credential.mechanism(), ignored -> new HashMap<>())
                        .put(credential.username(), credential);
            }
        }
        return new Credentials(byMechanism, problems);
    }

    Optional<ScramCredential> find(ScramMechanism mechanism, String username) {
        return Optional.ofNullable(byMechanism.getOrDefault(mechanism, Map.of()).get(username));
    }

    /** Distinct users with at least one verifier. */
    int users() {
        return users;
    }

    List<Problem> problems() {
        return problems;
    }

    /**
     * The iteration count most of the mechanism's users have ({@code fallback} when none has a verifier of it):
     * what a decoy for an unknown user shows, so that it looks like everyone else.
     */
    int usualIterations(ScramMechanism mechanism, int fallback) {
        return usualIterations.getOrDefault(mechanism, fallback);
    }

    /** Verifiers below RFC 7677's minimum iteration count, by user, for a warning. */
    List<String> weakUsers() {
        return byMechanism.values().stream().flatMap(users -> users.values().stream())
                .filter(credential -> credential.iterations() < ScramCredential.RFC_MINIMUM_ITERATIONS)
                .map(credential -> credential.username() + " (" + credential.mechanism().getName() + ", "
                        + credential.iterations() + ")")
                .sorted().toList();
    }
}
