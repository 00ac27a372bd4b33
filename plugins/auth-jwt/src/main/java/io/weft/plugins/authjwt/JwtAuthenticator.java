package io.weft.plugins.authjwt;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.weft.spi.PluginMetrics;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.ConnectAttempt;

import java.lang.System.Logger.Level;
import java.text.ParseException;

/**
 * Thread-safe: called on clients' virtual threads, many at once; may block while a key set is reloaded or
 * fetched (within the broker's deadline). Authenticates a CONNECT by the JWT in its password field. A password
 * that is not a JWT (not three dot-separated parts with a JOSE header) is not this plugin's: it abstains, so that
 * other authenticators may decide. A JWT that fails a check is denied with 0x86 Bad user name or password (3.x:
 * return code 4) and a short reason; the precise cause is logged at INFO. A valid one is allowed as its username
 * claim, with the policy its claims grant.
 *
 * <p>An established connection keeps the rights of its token until it reconnects: nothing re-checks {@code exp}
 * later, which would need a timer per connection.
 */
final class JwtAuthenticator implements Authenticator {

    private final TokenVerifier verifier;
    private final KeyRing keys;
    private final System.Logger logger;
    private final PluginMetrics.Counter validations;

    JwtAuthenticator(TokenVerifier verifier, KeyRing keys, System.Logger logger, PluginMetrics.Counter validations) {
        this.verifier = verifier;
        this.keys = keys;
        this.logger = logger;
        this.validations = validations;
    }

    @Override
    public AuthenticationDecision authenticate(ConnectAttempt attempt) {
        JWT token = parse(attempt.passwordText());
        Verdict verdict = switch (token) {
            case null -> null;
            case SignedJWT signed -> verifier.verify(signed, attempt);
            case PlainJWT plain -> Verdict.reject(Rejection.ALGORITHM, "an unsigned token (alg none)");
            default -> null; // an encrypted token: not one this plugin reads
        };
        if (verdict == null) {
            validations.increment("abstained", "not_jwt");
            return AuthenticationDecision.abstain();
        }
        return switch (verdict) {
            case Verdict.Granted granted -> {
                validations.increment("allowed", "ok");
                logger.log(Level.DEBUG, () -> "client " + attempt.clientId() + ": token accepted for "
                        + granted.principal().name() + ", " + granted.policy());
                yield AuthenticationDecision.allow(granted.principal(), granted.policy());
            }
            case Verdict.Rejected rejected -> {
                Rejection rejection = rejected.rejection();
                validations.increment("denied", rejection.label());
                logger.log(Level.INFO, () -> "client " + attempt.clientId() + ": token refused ("
                        + rejection.label() + "): " + rejected.detail());
                yield AuthenticationDecision.deny(rejection.reason(), rejection.message());
            }
        };
    }

    /** The token in {@code password}, or null when it is not shaped as a JWS or unsigned JWT. */
    private static JWT parse(String password) {
        if (password == null || password.chars().filter(character -> character == '.').count() != 2) {
            return null;
        }
        try {
            return JWTParser.parse(password);
        } catch (ParseException notJwt) {
            return null;
        }
    }

    @Override
    public void close() {
        keys.close();
    }
}
