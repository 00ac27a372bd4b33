package io.weft.spi.auth;

import java.util.Map;
import java.util.Objects;

/**
 * Who an authenticated client is: a name (a user, a device, a token's subject) and attributes a plugin wants to
 * pass on to authorizers and event listeners (roles, a tenant).
 *
 * @param name       non-empty, except for {@link #ANONYMOUS}
 * @param attributes free-form, never null
 * @since 1.0
 */
public record Principal(String name, Map<String, String> attributes) {

    /** A client that no authenticator vouched for, admitted by the anonymous-access rule. */
    public static final Principal ANONYMOUS = new Principal("", Map.of());

    public Principal {
        Objects.requireNonNull(name, "name");
        attributes = Map.copyOf(attributes);
    }

    public static Principal of(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a principal needs a name");
        }
        return new Principal(name, Map.of());
    }

    public boolean isAnonymous() {
        return name.isEmpty();
    }
}
