package io.weft.plugins.authjwt;

import io.weft.spi.auth.TopicFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Thread-safe (immutable), answering without blocking. The topic filters one permission claim grants (publish or
 * subscribe), with {@code %u} and {@code %c} already replaced, or everything or nothing when the token lacks the
 * claim.
 */
record Permissions(List<TopicFilter> filters, boolean everything) {

    static final Permissions EVERYTHING = new Permissions(List.of(), true);
    static final Permissions NOTHING = new Permissions(List.of(), false);

    private static final Pattern SPACES = Pattern.compile("\\s+");

    Permissions {
        filters = List.copyOf(filters);
    }

    /**
     * The permissions a claim value grants: a JSON array of topic filters or one string of them separated by
     * spaces, {@code %u} standing for {@code username} and {@code %c} for {@code clientId}.
     *
     * <p>A filter whose substituted value holds {@code /}, {@code +} or {@code #} is dropped: a client id
     * {@code a/b} must not turn {@code devices/%c/#} into a grant on another device's subtree. A malformed filter
     * is dropped too; {@code dropped} hears about each, for the log.
     *
     * @throws IllegalArgumentException when the value is neither a string nor an array of strings
     */
    static Permissions fromClaim(Object value, String username, String clientId, Consumer<String> dropped) {
        List<String> texts = switch (value) {
            case String text -> text.isBlank() ? List.of() : List.of(SPACES.split(text.strip()));
            case List<?> items -> strings(items);
            default -> throw new IllegalArgumentException("expected an array of topic filters or a string of them");
        };
        List<TopicFilter> filters = new ArrayList<>();
        for (String text : texts) {
            Optional<String> substituted = substitute(text, username, clientId);
            if (substituted.isEmpty()) {
                dropped.accept("'" + text + "': a substituted user name or client id holds '/', '+' or '#'");
                continue;
            }
            if (!TopicFilter.isValid(substituted.get())) {
                dropped.accept("'" + text + "': not a valid topic filter");
                continue;
            }
            filters.add(TopicFilter.parse(substituted.get()));
        }
        return new Permissions(filters, false);
    }

    private static List<String> strings(List<?> items) {
        List<String> texts = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof String text)) {
                throw new IllegalArgumentException("expected an array of topic filters, found " + item + " in it");
            }
            texts.add(text);
        }
        return texts;
    }

    private static Optional<String> substitute(String filter, String username, String clientId) {
        String result = filter;
        if (result.contains("%u")) {
            if (!isPlainLevel(username)) {
                return Optional.empty();
            }
            result = result.replace("%u", username);
        }
        if (result.contains("%c")) {
            if (!isPlainLevel(clientId)) {
                return Optional.empty();
            }
            result = result.replace("%c", clientId);
        }
        return Optional.of(result);
    }

    private static boolean isPlainLevel(String value) {
        return !value.isEmpty() && value.indexOf('/') < 0 && value.indexOf('+') < 0 && value.indexOf('#') < 0;
    }

    /** Whether one of the filters matches {@code topic}. */
    boolean allowsTopic(String topic) {
        if (everything) {
            return true;
        }
        for (TopicFilter filter : filters) {
            if (filter.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    /** Whether one of the filters covers {@code requested}. */
    boolean allowsFilter(TopicFilter requested) {
        if (everything) {
            return true;
        }
        for (TopicFilter filter : filters) {
            if (filter.covers(requested)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return everything ? "everything" : filters.toString();
    }
}
