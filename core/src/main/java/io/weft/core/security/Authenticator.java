package io.weft.core.security;

import java.net.SocketAddress;

/**
 * The one place every CONNECT passes through before a session is created. Called on the connecting
 * client's virtual thread, so an implementation may block (the plugin chain, with its deadline, comes
 * with the plugin issue).
 */
@FunctionalInterface
public interface Authenticator {

    /** Lets everyone in with {@link AccessPolicy#ALLOW_ALL}: the embedded default on loopback. */
    Authenticator ALLOW_ANONYMOUS = request -> new AuthenticationResult.Allow(AccessPolicy.ALLOW_ALL);

    AuthenticationResult authenticate(ConnectRequest request);

    /** What the client presented. {@code username} and {@code password} are null when absent. */
    record ConnectRequest(String clientId, String username, byte[] password, SocketAddress remoteAddress,
                          int protocolLevel) {
    }
}
