package io.weft.core.security;

import io.weft.core.codec.UserProperty;

import java.net.SocketAddress;
import java.util.List;

/**
 * The one place every CONNECT without an Authentication Method passes through before a session is created. Called
 * on the connecting client's virtual thread, so an implementation may block; the plugin chain
 * ({@code io.weft.core.plugin}) puts its own deadline on each plugin it asks.
 */
@FunctionalInterface
public interface Authenticator {

    /** Lets everyone in with {@link AccessPolicy#ALLOW_ALL}: embedded brokers and tests without plugins. */
    Authenticator ALLOW_ANONYMOUS = request -> new AuthenticationResult.Allow(AccessPolicy.ALLOW_ALL);

    AuthenticationResult authenticate(ConnectRequest request);

    /**
     * What the client presented. {@code username} and {@code password} are null when absent; {@code localAddress} is
     * the listener's address the client reached; {@code userProperties} those of the CONNECT (5.0).
     */
    record ConnectRequest(String clientId, String username, byte[] password, SocketAddress remoteAddress,
                          int protocolLevel, SocketAddress localAddress, List<UserProperty> userProperties) {

        public ConnectRequest(String clientId, String username, byte[] password, SocketAddress remoteAddress,
                              int protocolLevel) {
            this(clientId, username, password, remoteAddress, protocolLevel, remoteAddress, List.of());
        }
    }
}
