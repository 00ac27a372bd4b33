package io.weft.plugins.authfile;

import java.util.Objects;

/**
 * One {@code topic} or {@code pattern} line of an ACL file: an access and a topic filter, which for a pattern may
 * hold {@code %u} (the user name) and {@code %c} (the client identifier).
 *
 * @param line the line number in the file, for messages
 */
record AccessRule(Access access, String filter, int line) {

    AccessRule {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(filter, "filter");
    }
}
