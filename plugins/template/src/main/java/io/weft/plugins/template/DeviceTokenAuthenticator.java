package io.weft.plugins.template;

import io.weft.spi.PluginMetrics;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.ConnectReason;
import io.weft.spi.auth.Principal;

import java.security.MessageDigest;
import java.util.Map;

/**
 * Thread-safe (immutable), called on each connecting client's own virtual thread: lets in clients that present the
 * user name {@code device} and the shared token as password, each as a principal named after its client id, with
 * rights to its own topics only ({@link DevicePolicy}). Clients without that user name are left to the next
 * authenticator in the chain.
 */
final class DeviceTokenAuthenticator implements Authenticator {

    static final String USERNAME = "device";

    private final byte[] token;
    private final String root;
    private final PluginMetrics.Counter connects;

    DeviceTokenAuthenticator(byte[] token, String root, PluginMetrics.Counter connects) {
        this.token = token.clone();
        this.root = root;
        this.connects = connects;
    }

    @Override
    public AuthenticationDecision authenticate(ConnectAttempt attempt) {
        if (!USERNAME.equals(attempt.username())) {
            connects.increment("abstained");
            return AuthenticationDecision.abstain(); // not a device: another authenticator may know it
        }
        byte[] password = attempt.password();
        // Constant time, so the time a refusal takes says nothing about how much of the token was right.
        if (password == null || !MessageDigest.isEqual(password, token)) {
            connects.increment("refused");
            return AuthenticationDecision.deny(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
        }
        if (attempt.clientId().isEmpty() || attempt.clientId().contains("/") || attempt.clientId().contains("+")
                || attempt.clientId().contains("#")) {
            connects.increment("refused");
            return AuthenticationDecision.deny(ConnectReason.CLIENT_IDENTIFIER_NOT_VALID,
                    "a device's client id names its topics: no '/', '+' or '#'");
        }
        connects.increment("allowed");
        Principal device = new Principal(attempt.clientId(), Map.of("kind", "device"));
        return AuthenticationDecision.allow(device, new DevicePolicy(root, attempt.clientId()));
    }
}
