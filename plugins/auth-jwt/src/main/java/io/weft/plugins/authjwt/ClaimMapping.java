package io.weft.plugins.authjwt;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.Principal;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Thread-safe (immutable): called on clients' virtual threads. Turns a verified token's claims into the client's
 * principal and access policy: the username claim names the principal (and must equal the user name the client
 * sent, when {@code match-username} is on), the client id claim must equal the client identifier, the attribute
 * claims become the principal's attributes, and the two permission claims become a {@link ClaimPolicy}, computed
 * here once so that the policy never blocks.
 */
final class ClaimMapping {

    private final JwtSettings settings;
    private final System.Logger logger;

    ClaimMapping(JwtSettings settings, System.Logger logger) {
        this.settings = settings;
        this.logger = logger;
    }

    Verdict map(JWTClaimsSet claims, ConnectAttempt attempt) {
        Object name = claims.getClaim(settings.usernameClaim());
        if (!(name instanceof String username) || username.isEmpty()) {
            return Verdict.reject(Rejection.CLAIMS, "the username claim '" + settings.usernameClaim()
                    + "' is " + (name == null ? "absent" : "not a non-empty string"));
        }
        if (settings.matchUsername() && attempt.hasUsername() && !attempt.username().equals(username)) {
            return Verdict.reject(Rejection.USERNAME, "the client sent user name '" + attempt.username()
                    + "', the token's " + settings.usernameClaim() + " is '" + username + "'");
        }
        if (settings.clientIdClaim().isPresent()) {
            String claim = settings.clientIdClaim().get();
            Object clientId = claims.getClaim(claim);
            if (!attempt.clientId().equals(clientId)) {
                return Verdict.reject(Rejection.CLIENT_ID, "the client identifier '" + attempt.clientId()
                        + "' is not the token's " + claim + " (" + (clientId == null ? "absent" : "'" + clientId + "'")
                        + ")");
            }
        }
        ClaimPolicy policy;
        try {
            policy = new ClaimPolicy(permissions(claims, settings.publishClaim(), username, attempt),
                    permissions(claims, settings.subscribeClaim(), username, attempt));
        } catch (IllegalArgumentException malformed) {
            return Verdict.reject(Rejection.CLAIMS, malformed.getMessage());
        }
        return new Verdict.Granted(new Principal(username, attributes(claims)), policy);
    }

    private Permissions permissions(JWTClaimsSet claims, String claim, String username, ConnectAttempt attempt) {
        Object value = claims.getClaim(claim);
        if (value == null) {
            return settings.defaultPermission();
        }
        try {
            return Permissions.fromClaim(value, username, attempt.clientId(), dropped -> logger.log(Level.INFO,
                    () -> "client " + attempt.clientId() + ": claim " + claim + " grants nothing for " + dropped));
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException("the permission claim '" + claim + "': " + malformed.getMessage());
        }
    }

    /** Strings as they are, arrays of strings joined with spaces (as OAuth scopes are), anything else as JSON. */
    private Map<String, String> attributes(JWTClaimsSet claims) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String claim : settings.attributeClaims()) {
            Object value = claims.getClaim(claim);
            if (value != null) {
                attributes.put(claim, text(value));
            }
        }
        return attributes;
    }

    private static String text(Object value) {
        return switch (value) {
            case String text -> text;
            case List<?> items when items.stream().allMatch(String.class::isInstance) ->
                    items.stream().map(String.class::cast).collect(Collectors.joining(" "));
            case List<?> items -> JSONArrayUtils.toJSONString(items);
            case Map<?, ?> map -> JSONObjectUtils.toJSONString(stringKeys(map));
            default -> String.valueOf(value);
        };
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, item) -> copy.put(String.valueOf(key), item));
        return copy;
    }
}
