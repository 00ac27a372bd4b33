package io.weft.plugins.authfile;

import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.Authorizer;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.Principal;

/**
 * Thread-safe: an {@code auth-file} instance with an ACL file and no users file. It is an {@link Authorizer} only:
 * as an authenticator it would abstain on everyone, and being in the chain at all changes what the broker does
 * with clients nobody authenticates (with no authenticator every client is anonymous).
 */
final class AclOnlyPlugin implements Authorizer {

    private final AuthFilePlugin plugin;

    AclOnlyPlugin(AuthFilePlugin plugin) {
        this.plugin = plugin;
    }

    @Override
    public AccessPolicy authorize(ConnectAttempt attempt, Principal principal) {
        return plugin.authorize(attempt, principal);
    }

    @Override
    public void close() {
        plugin.close();
    }
}
