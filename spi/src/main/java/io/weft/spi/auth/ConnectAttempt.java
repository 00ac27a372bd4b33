package io.weft.spi.auth;

import io.weft.spi.MqttVersion;
import io.weft.spi.UserProperty;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * What a connecting client presented in its CONNECT.
 *
 * @param clientId       the client identifier (one the broker assigned, when the client sent none)
 * @param username       the user name, null when absent
 * @param password       the password bytes, null when absent (MQTT allows any bytes; {@link #passwordText()}
 *                       decodes UTF-8)
 * @param version        the protocol version
 * @param remoteAddress  the client's address
 * @param localAddress   the listener's address the client connected to
 * @param userProperties the CONNECT's user properties (MQTT 5), in order; empty for 3.x
 * @since 1.0
 */
public record ConnectAttempt(String clientId, String username, byte[] password, MqttVersion version,
                             InetSocketAddress remoteAddress, InetSocketAddress localAddress,
                             List<UserProperty> userProperties) {

    public ConnectAttempt {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(localAddress, "localAddress");
        password = password == null ? null : password.clone();
        userProperties = List.copyOf(userProperties);
    }

    /** A copy of the password bytes, null when absent. */
    @Override
    public byte[] password() {
        return password == null ? null : password.clone();
    }

    /** The password as UTF-8 text (malformed bytes replaced), null when absent. */
    public String passwordText() {
        return password == null ? null : new String(password, StandardCharsets.UTF_8);
    }

    public boolean hasUsername() {
        return username != null;
    }

    /** Whether the client connected from a loopback address (127.0.0.0/8, ::1). */
    public boolean fromLoopback() {
        return remoteAddress.getAddress() != null && remoteAddress.getAddress().isLoopbackAddress();
    }

    /** Leaves the password out, so that logging an attempt never logs a secret. */
    @Override
    public String toString() {
        return "ConnectAttempt[clientId=" + clientId + ", username=" + username + ", password="
                + (password == null ? "absent" : "present") + ", version=" + version + ", remoteAddress="
                + remoteAddress + ", localAddress=" + localAddress + ", userProperties=" + userProperties + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectAttempt attempt && attempt.clientId.equals(clientId)
                && Objects.equals(attempt.username, username) && java.util.Arrays.equals(attempt.password, password)
                && attempt.version == version && attempt.remoteAddress.equals(remoteAddress)
                && attempt.localAddress.equals(localAddress) && attempt.userProperties.equals(userProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, username, java.util.Arrays.hashCode(password), version, remoteAddress,
                localAddress, userProperties);
    }
}
