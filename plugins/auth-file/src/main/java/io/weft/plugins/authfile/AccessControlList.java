package io.weft.plugins.authfile;

import io.weft.spi.PluginMetrics;
import io.weft.spi.auth.TopicFilter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of one ACL file, as parsed: immutable, so a reload swaps in a whole new list and connections keep the
 * one they were given. The syntax follows mosquitto's {@code acl_file}:
 * <pre>
 * # lines before any user or client line apply to every client, anonymous ones too
 * topic read public/#
 * topic deny public/secret/#
 * user alice                     # a block of rules for the user (principal) alice
 * topic readwrite alice/#
 * client sensor-7                # a block of rules for the client identifier sensor-7
 * topic write sensors/7/#
 * pattern write devices/%c/#     # for every client, %c its client identifier, %u its user name
 * </pre>
 * The access word ({@code read}, {@code write}, {@code readwrite}, {@code deny}) may be left out, meaning
 * {@code readwrite}. Pattern lines apply to every client wherever they stand.
 */
final class AccessControlList {

    private final List<AccessRule> everyone;
    private final Map<String, List<AccessRule>> users;
    private final Map<String, List<AccessRule>> clients;
    private final List<AccessRule> patterns;

    private AccessControlList(List<AccessRule> everyone, Map<String, List<AccessRule>> users,
                              Map<String, List<AccessRule>> clients, List<AccessRule> patterns) {
        this.everyone = List.copyOf(everyone);
        this.users = copy(users);
        this.clients = copy(clients);
        this.patterns = List.copyOf(patterns);
    }

    private static Map<String, List<AccessRule>> copy(Map<String, List<AccessRule>> blocks) {
        Map<String, List<AccessRule>> copy = new LinkedHashMap<>();
        blocks.forEach((name, rules) -> copy.put(name, List.copyOf(rules)));
        return Map.copyOf(copy);
    }

    /** The rules of {@code file}'s {@code lines}; any bad line fails the whole file, each one listed. */
    static AccessControlList parse(Path file, List<String> lines) throws FileFormatException {
        List<AccessRule> everyone = new ArrayList<>();
        Map<String, List<AccessRule>> users = new LinkedHashMap<>();
        Map<String, List<AccessRule>> clients = new LinkedHashMap<>();
        List<AccessRule> patterns = new ArrayList<>();
        List<FileProblem> problems = new ArrayList<>();
        List<AccessRule> block = everyone;
        for (int index = 0; index < lines.size(); index++) {
            int line = index + 1;
            String text = lines.get(index).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] words = splitFirstWord(text);
            switch (words[0]) {
                case "user", "client" -> {
                    if (words[1].isEmpty()) {
                        problems.add(new FileProblem(file, line, words[0] + " needs a name"));
                    } else {
                        block = (words[0].equals("user") ? users : clients)
                                .computeIfAbsent(words[1], name -> new ArrayList<>());
                    }
                }
                case "topic", "pattern" -> {
                    boolean pattern = words[0].equals("pattern");
                    AccessRule rule = rule(words[1], line);
                    String problem = rule.filter().isEmpty() ? words[0] + " needs a topic filter"
                            : filterProblem(pattern ? withPlaceholdersFilled(rule.filter()) : rule.filter());
                    if (problem != null) {
                        problems.add(new FileProblem(file, line, problem));
                    } else {
                        (pattern ? patterns : block).add(rule);
                    }
                }
                default -> problems.add(new FileProblem(file, line, "unknown keyword '" + words[0]
                        + "'; expected topic, pattern, user or client"));
            }
        }
        if (!problems.isEmpty()) {
            throw new FileFormatException(problems);
        }
        return new AccessControlList(everyone, users, clients, patterns);
    }

    /** {@code [ACCESS] FILTER}: the access word is optional (readwrite) unless the filter has a space in it. */
    private static AccessRule rule(String text, int line) {
        String[] words = splitFirstWord(text);
        Access access = Access.of(words[0]);
        if (access != null && !words[1].isEmpty()) {
            return new AccessRule(access, words[1], line);
        }
        return new AccessRule(Access.READ_WRITE, text, line);
    }

    private static String[] splitFirstWord(String text) {
        int space = 0;
        while (space < text.length() && !Character.isWhitespace(text.charAt(space))) {
            space++;
        }
        return new String[] {text.substring(0, space), text.substring(space).strip()};
    }

    /** What is wrong with {@code filter} as a topic filter, or null. */
    private static String filterProblem(String filter) {
        try {
            TopicFilter.parse(filter);
            return null;
        } catch (IllegalArgumentException invalid) {
            return invalid.getMessage();
        }
    }

    private static String withPlaceholdersFilled(String template) {
        return template.replace("%u", "u").replace("%c", "c");
    }

    /** How many topic and pattern rules the file has. */
    int ruleCount() {
        return everyone.size() + patterns.size() + users.values().stream().mapToInt(List::size).sum()
                + clients.values().stream().mapToInt(List::size).sum();
    }

    /**
     * The policy of one connection: the rules for everyone, those of its user's block and of its client's block,
     * and the patterns filled in with its names, sorted into deny, read and write lists once, so that each check
     * is a few matches in memory.
     *
     * @param user     the principal's name, null for an anonymous client
     * @param denials  counts refusals by action ({@code publish}, {@code subscribe})
     */
    AclPolicy policyFor(String user, String clientId, PluginMetrics.Counter denials) {
        List<TopicFilter> denied = new ArrayList<>();
        List<TopicFilter> readable = new ArrayList<>();
        List<TopicFilter> writable = new ArrayList<>();
        List<AccessRule> rules = new ArrayList<>(everyone);
        if (user != null) {
            rules.addAll(users.getOrDefault(user, List.of()));
        }
        rules.addAll(clients.getOrDefault(clientId, List.of()));
        for (AccessRule rule : rules) {
            sort(rule.access(), TopicFilter.parse(rule.filter()), denied, readable, writable);
        }
        for (AccessRule pattern : patterns) {
            TopicFilter filter = substitute(pattern, user, clientId);
            if (filter != null) {
                sort(pattern.access(), filter, denied, readable, writable);
            }
        }
        return new AclPolicy(denied, readable, writable, denials, user, clientId);
    }

    private static void sort(Access access, TopicFilter filter, List<TopicFilter> denied,
                             List<TopicFilter> readable, List<TopicFilter> writable) {
        if (access == Access.DENY) {
            denied.add(filter);
        }
        if (access.reads()) {
            readable.add(filter);
        }
        if (access.writes()) {
            writable.add(filter);
        }
    }

    /**
     * The pattern's filter with {@code %u} and {@code %c} replaced, level by level. A value that is absent, empty
     * or holds {@code +}, {@code #} or {@code /} would change the filter's shape (a client named {@code #} must
     * not be granted {@code devices/#}), so it is never put in: a grant that needs it is dropped (null), and a
     * deny that needs it denies everything from that level down instead.
     */
    static TopicFilter substitute(AccessRule pattern, String user, String clientId) {
        String[] levels = pattern.filter().split("/", -1);
        for (int index = 0; index < levels.length; index++) {
            String level = levels[index];
            if (level.contains("%u") && !usable(user) || level.contains("%c") && !usable(clientId)) {
                if (pattern.access() != Access.DENY) {
                    return null;
                }
                String[] widened = Arrays.copyOf(levels, index + 1);
                widened[index] = "#";
                return TopicFilter.parse(String.join("/", widened));
            }
            levels[index] = fill(level, user, clientId);
        }
        return TopicFilter.parse(String.join("/", levels)); // valid: checked with stand-ins, and names have no U+0000
    }

    private static boolean usable(String value) {
        return value != null && !value.isEmpty() && value.indexOf('+') < 0 && value.indexOf('#') < 0
                && value.indexOf('/') < 0;
    }

    /** One pass, left to right, so that a value holding "%c" is not replaced again. */
    private static String fill(String level, String user, String clientId) {
        if (level.indexOf('%') < 0) {
            return level;
        }
        StringBuilder filled = new StringBuilder(level.length() + 16);
        for (int index = 0; index < level.length(); index++) {
            char character = level.charAt(index);
            char next = index + 1 < level.length() ? level.charAt(index + 1) : 0;
            if (character == '%' && (next == 'u' || next == 'c')) {
                filled.append(next == 'u' ? user : clientId);
                index++;
            } else {
                filled.append(character);
            }
        }
        return filled.toString();
    }
}
