package io.weft.plugins.authhttp;

import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.TopicFilter;

import java.util.ArrayList;
import java.util.List;

/**
 * Immutable, so thread-safe: asked on the client's virtual thread for each PUBLISH and SUBSCRIBE, it walks the
 * granted filters in memory and never blocks. An {@link AccessPolicy} from the topic filters the service granted,
 * fixed at CONNECT: a PUBLISH is allowed when a {@code publish} filter matches its topic, a SUBSCRIBE when a
 * {@code subscribe} filter covers the whole requested filter (every topic it can match).
 *
 * <p>{@code %u} and {@code %c} in a granted filter stand for the client's user name and client identifier. A
 * filter naming a value the client does not have, or one holding a wildcard ({@code +}, {@code #}), grants
 * nothing: a client named {@code #} must not widen {@code devices/%c/#} to every device.
 */
final class AccessList implements AccessPolicy {

    private final TopicFilter[] publish;
    private final TopicFilter[] subscribe;
    private final String description;

    private AccessList(TopicFilter[] publish, TopicFilter[] subscribe, String description) {
        this.publish = publish;
        this.subscribe = subscribe;
        this.description = description;
    }

    /**
     * The policy of {@code publish} and {@code subscribe} filters (checked already with
     * {@link TopicFilter#isValid}) for the client {@code clientId} with {@code username} (null when absent).
     */
    static AccessList of(List<String> publish, List<String> subscribe, String clientId, String username) {
        return new AccessList(expand(publish, clientId, username), expand(subscribe, clientId, username),
                "publish " + publish + ", subscribe " + subscribe);
    }

    private static TopicFilter[] expand(List<String> templates, String clientId, String username) {
        List<TopicFilter> filters = new ArrayList<>();
        for (String template : templates) {
            if (template.contains("%u") && !substitutable(username)
                    || template.contains("%c") && !substitutable(clientId)) {
                continue;
            }
            filters.add(TopicFilter.parse(substitute(template, clientId, username))); // names hold no U+0000
        }
        return filters.toArray(TopicFilter[]::new);
    }

    /** One pass, so that a user name holding {@code %c} stays as it is. */
    private static String substitute(String template, String clientId, String username) {
        StringBuilder filter = new StringBuilder(template.length());
        for (int index = 0; index < template.length(); index++) {
            char character = template.charAt(index);
            char next = index + 1 < template.length() ? template.charAt(index + 1) : 0;
            if (character == '%' && next == 'u') {
                filter.append(username);
                index++;
            } else if (character == '%' && next == 'c') {
                filter.append(clientId);
                index++;
            } else {
                filter.append(character);
            }
        }
        return filter.toString();
    }

    private static boolean substitutable(String value) {
        return value != null && !value.isEmpty() && value.indexOf('+') < 0 && value.indexOf('#') < 0;
    }

    @Override
    public AccessDecision publish(String topic, Qos qos, boolean retain) {
        for (TopicFilter filter : publish) {
            if (filter.matches(topic)) {
                return AccessDecision.ALLOW;
            }
        }
        return AccessDecision.DENY;
    }

    @Override
    public AccessDecision subscribe(String filter, Qos qos) {
        TopicFilter requested = TopicFilter.parse(filter); // the broker passes valid filters only
        for (TopicFilter granted : subscribe) {
            if (granted.covers(requested)) {
                return AccessDecision.ALLOW;
            }
        }
        return AccessDecision.DENY;
    }

    @Override
    public String toString() {
        return "AccessList[" + description + "]";
    }
}
