package io.weft.plugins.authhttp;

import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.Authorizer;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.Principal;

/**
 * Thread-safe: called on clients' virtual threads, as its two parts are. An instance with both URLs set plays
 * both roles, sharing one HTTP client.
 */
final class HttpAuthenticatorAndAuthorizer implements Authenticator, Authorizer {

    private final HttpAuthenticator authenticator;
    private final HttpAuthorizer authorizer;

    HttpAuthenticatorAndAuthorizer(HttpAuthenticator authenticator, HttpAuthorizer authorizer) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
    }

    @Override
    public AuthenticationDecision authenticate(ConnectAttempt attempt) {
        return authenticator.authenticate(attempt);
    }

    @Override
    public AccessPolicy authorize(ConnectAttempt attempt, Principal principal) {
        return authorizer.authorize(attempt, principal);
    }

    @Override
    public void close() {
        // One client under both parts: closing it once stops both.
        authenticator.close();
    }
}
