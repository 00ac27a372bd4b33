package io.weft.testkit;

import io.weft.spi.MqttVersion;
import io.weft.spi.UserProperty;
import io.weft.spi.auth.ConnectAttempt;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link ConnectAttempt}s: an MQTT 5 client {@code client-1} from 127.0.0.1 to a listener on 127.0.0.1:1883
 * with no credentials, unless told otherwise.
 *
 * <pre>{@code
 * ConnectAttempt attempt = ConnectAttempts.client("sensor-7").username("alice").password("secret").build();
 * }</pre>
 */
public final class ConnectAttempts {

    private String clientId;
    private String username;
    private byte[] password;
    private MqttVersion version = MqttVersion.MQTT_5;
    private InetSocketAddress remoteAddress = new InetSocketAddress("127.0.0.1", 50_000);
    private InetSocketAddress localAddress = new InetSocketAddress("127.0.0.1", 1883);
    private final List<UserProperty> userProperties = new ArrayList<>();

    private ConnectAttempts(String clientId) {
        this.clientId = clientId;
    }

    public static ConnectAttempts client(String clientId) {
        return new ConnectAttempts(clientId);
    }

    /** {@code client-1} with a user name and a UTF-8 password. */
    public static ConnectAttempt withCredentials(String username, String password) {
        return client("client-1").username(username).password(password).build();
    }

    public ConnectAttempts username(String name) {
        this.username = name;
        return this;
    }

    public ConnectAttempts password(String text) {
        this.password = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public ConnectAttempts password(byte[] bytes) {
        this.password = bytes;
        return this;
    }

    public ConnectAttempts version(MqttVersion newVersion) {
        this.version = newVersion;
        return this;
    }

    /** The client's address, such as {@code 192.0.2.10}. */
    public ConnectAttempts from(String host, int port) {
        this.remoteAddress = new InetSocketAddress(host, port);
        return this;
    }

    /** The listener's address. */
    public ConnectAttempts listener(String host, int port) {
        this.localAddress = new InetSocketAddress(host, port);
        return this;
    }

    public ConnectAttempts userProperty(String name, String value) {
        userProperties.add(new UserProperty(name, value));
        return this;
    }

    public ConnectAttempts clientId(String id) {
        this.clientId = id;
        return this;
    }

    public ConnectAttempt build() {
        return new ConnectAttempt(clientId, username, password, version, remoteAddress, localAddress, userProperties);
    }
}
