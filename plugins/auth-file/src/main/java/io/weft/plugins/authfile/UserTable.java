package io.weft.plugins.authfile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users of one users file, as parsed (immutable): {@code USER:HASH} per line, {@code #} comments and blank
 * lines ignored. A bad line is left out and reported; the rest of the file still counts, as in mosquitto.
 *
 * @param problems the lines left out, each with its file and line number
 */
record UserTable(Map<String, PasswordHash> users, List<FileProblem> problems) {

    UserTable {
        users = Map.copyOf(users);
        problems = List.copyOf(problems);
    }

    static UserTable parse(Path file, List<String> lines) {
        Map<String, PasswordHash> users = new HashMap<>();
        Map<String, Integer> firstLines = new HashMap<>();
        List<FileProblem> problems = new ArrayList<>();
        for (int index = 0; index < lines.size(); index++) {
            int line = index + 1;
            String text = lines.get(index).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int colon = text.indexOf(':');
            if (colon <= 0) {
                problems.add(new FileProblem(file, line, colon == 0 ? "the user name is empty"
                        : "expected USER:HASH"));
                continue;
            }
            String user = text.substring(0, colon);
            if (firstLines.containsKey(user)) {
                problems.add(new FileProblem(file, line, "user " + user + " appears again (first on line "
                        + firstLines.get(user) + "); this line is ignored"));
                continue;
            }
            try {
                users.put(user, PasswordHash.parse(text.substring(colon + 1)));
                firstLines.put(user, line);
            } catch (IllegalArgumentException unusable) {
                problems.add(new FileProblem(file, line, "user " + user + " left out: " + unusable.getMessage()));
            }
        }
        return new UserTable(users, problems);
    }

    /** The stored hash of {@code user}, null when the file does not have it. */
    PasswordHash hashOf(String user) {
        return users.get(user);
    }

    int size() {
        return users.size();
    }
}
