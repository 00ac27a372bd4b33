package io.weft.plugins.authjwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.weft.spi.auth.ConnectAttempt;

import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Thread-safe: called on clients' virtual threads; may block while a key source reloads or refetches. Checks a
 * signed token: its algorithm is allowed, a fitting configured key verifies its signature (Nimbus JOSE does the
 * cryptography), its {@code exp} and {@code nbf} hold on the plugin's clock with the configured skew, its issuer
 * and audience are accepted; then {@link ClaimMapping} turns the claims into a principal and a policy.
 */
final class TokenVerifier {

    private final KeyRing keys;
    private final JwtSettings settings;
    private final ClaimMapping mapping;
    private final Clock clock;
    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

    TokenVerifier(KeyRing keys, JwtSettings settings, ClaimMapping mapping, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.mapping = mapping;
        this.clock = clock;
    }

    Verdict verify(SignedJWT token, ConnectAttempt attempt) {
        JWSHeader header = token.getHeader();
        JWSAlgorithm algorithm = header.getAlgorithm();
        if (!keys.algorithms().contains(algorithm)) {
            return Verdict.reject(Rejection.ALGORITHM, "algorithm " + algorithm + " is not among " + keys.algorithms());
        }
        KeyRing.Selection selection = keys.select(header);
        if (selection.keys().isEmpty()) {
            String what = "no configured key fits algorithm " + algorithm
                    + (header.getKeyID() == null ? "" : " and key id '" + header.getKeyID() + "'");
            return selection.sourceUnavailable() ? Verdict.reject(Rejection.KEYS_UNAVAILABLE, what
                    + ", and the key set has not been fetched yet") : Verdict.reject(Rejection.UNKNOWN_KEY, what);
        }
        if (!signedByOneOf(token, header, selection.keys())) {
            return Verdict.reject(Rejection.SIGNATURE, "the signature does not verify with the "
                    + selection.keys().size() + " fitting keys " + JwksKeys.ids(selection.keys()));
        }
        JWTClaimsSet claims;
        try {
            claims = token.getJWTClaimsSet();
        } catch (ParseException notClaims) {
            return Verdict.reject(Rejection.MALFORMED, "the payload is not a JSON claims set");
        }
        try {
            Verdict.Rejected refused = checkTimes(claims);
            if (refused == null) {
                refused = checkIssuerAndAudience(claims);
            }
            return refused != null ? refused : mapping.map(claims, attempt);
        } catch (ParseException wrongType) {
            return Verdict.reject(Rejection.CLAIMS, wrongType.getMessage());
        }
    }

    private boolean signedByOneOf(SignedJWT token, JWSHeader header, List<JWK> candidates) {
        for (JWK candidate : candidates) {
            try {
                JWSVerifier verifier = verifiers.createJWSVerifier(header, javaKey(candidate));
                if (token.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException unusable) {
                // this key cannot check this token (e.g. an unknown critical header): try the next
            }
        }
        return false;
    }

    private static Key javaKey(JWK key) throws JOSEException {
        return switch (key) {
            case OctetSequenceKey secret -> secret.toSecretKey();
            case RSAKey rsa -> rsa.toRSAPublicKey();
            case ECKey ec -> ec.toECPublicKey();
            default -> throw new JOSEException("unsupported key type " + key.getKeyType());
        };
    }

    /** [RFC 7519 4.1.4] the time must be before {@code exp}; [4.1.5] at or after {@code nbf}; both with skew. */
    private Verdict.Rejected checkTimes(JWTClaimsSet claims) throws ParseException {
        Instant now = clock.instant();
        Date expiry = claims.getDateClaim("exp");
        if (expiry == null) {
            if (settings.requireExpiry()) {
                return Verdict.reject(Rejection.NO_EXPIRY, "the token has no exp claim and require-expiry is on");
            }
        } else if (!now.isBefore(expiry.toInstant().plus(settings.clockSkew()))) {
            return Verdict.reject(Rejection.EXPIRED, "expired at " + expiry.toInstant() + ", now " + now
                    + " (clock skew " + settings.clockSkew() + ")");
        }
        Date notBefore = claims.getDateClaim("nbf");
        if (notBefore != null && now.plus(settings.clockSkew()).isBefore(notBefore.toInstant())) {
            return Verdict.reject(Rejection.NOT_YET_VALID, "valid from " + notBefore.toInstant() + ", now " + now
                    + " (clock skew " + settings.clockSkew() + ")");
        }
        return null;
    }

    private Verdict.Rejected checkIssuerAndAudience(JWTClaimsSet claims) throws ParseException {
        if (!settings.issuers().isEmpty()) {
            String issuer = claims.getStringClaim("iss");
            if (issuer == null || !settings.issuers().contains(issuer)) {
                return Verdict.reject(Rejection.ISSUER, "issuer " + (issuer == null ? "absent" : "'" + issuer + "'")
                        + ", accepted " + settings.issuers());
            }
        }
        if (!settings.audiences().isEmpty()) {
            List<String> audience = claims.getAudience(); // a string or an array of strings [RFC 7519 4.1.3]
            if (audience.stream().noneMatch(settings.audiences()::contains)) {
                return Verdict.reject(Rejection.AUDIENCE, "audience " + audience + ", accepted "
                        + settings.audiences());
            }
        }
        return null;
    }
}
