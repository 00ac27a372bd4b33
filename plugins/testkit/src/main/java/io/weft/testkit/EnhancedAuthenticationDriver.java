package io.weft.testkit;

import io.weft.spi.auth.AuthenticationExchange;
import io.weft.spi.auth.AuthenticationPhase;
import io.weft.spi.auth.AuthenticationStep;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.EnhancedAuthenticator;

import java.util.ArrayList;
import java.util.List;

/**
 * Plays an MQTT 5 AUTH exchange against an {@link EnhancedAuthenticator} as the broker would: the method must be
 * one of {@link EnhancedAuthenticator#methods()}, then {@code begin} with the client's first data and
 * {@code respond} to each challenge until success or failure, at most {@value #MAXIMUM_ROUNDS} rounds.
 */
public final class EnhancedAuthenticationDriver {

    /** Rounds after which an exchange that keeps challenging is a failed test. */
    public static final int MAXIMUM_ROUNDS = 16;

    private EnhancedAuthenticationDriver() {
    }

    /** The client side of the exchange. */
    public interface Client {
        /** The Authentication Data of the CONNECT (or AUTH 0x19), null for none. */
        byte[] initialData() throws Exception;

        /** The answer to a challenge's data (null when it had none). */
        byte[] answer(byte[] challenge) throws Exception;

        /** The data of the final success (null for none), e.g. to check the server's signature. */
        default void succeeded(byte[] data) throws Exception {
        }
    }

    /** Every step the authenticator took, the last one being the outcome. */
    public record Transcript(List<AuthenticationStep> steps) {
        public AuthenticationStep outcome() {
            return steps.getLast();
        }

        public boolean succeeded() {
            return outcome() instanceof AuthenticationStep.Success;
        }

        public AuthenticationStep.Success success() {
            if (outcome() instanceof AuthenticationStep.Success success) {
                return success;
            }
            throw new AssertionError("the exchange did not succeed: " + outcome());
        }

        public AuthenticationStep.Failure failure() {
            if (outcome() instanceof AuthenticationStep.Failure failure) {
                return failure;
            }
            throw new AssertionError("the exchange did not fail: " + outcome());
        }

        /** The number of challenges (AUTH 0x18 from the broker). */
        public int challenges() {
            return steps.size() - 1;
        }
    }

    public static Transcript run(EnhancedAuthenticator authenticator, String method, ConnectAttempt attempt,
                                 Client client) throws Exception {
        return run(authenticator, method, attempt, AuthenticationPhase.CONNECT, client);
    }

    public static Transcript run(EnhancedAuthenticator authenticator, String method, ConnectAttempt attempt,
                                 AuthenticationPhase phase, Client client) throws Exception {
        if (!authenticator.methods().contains(method)) {
            throw new AssertionError("the authenticator handles " + authenticator.methods() + ", not " + method
                    + ": the broker would refuse the client with 0x8C");
        }
        AuthenticationExchange exchange = authenticator.open(method, attempt, phase);
        if (exchange == null) {
            throw new AssertionError("open returned null for " + method);
        }
        List<AuthenticationStep> steps = new ArrayList<>();
        AuthenticationStep step = exchange.begin(client.initialData());
        while (true) {
            if (step == null) {
                throw new AssertionError("the exchange returned a null step after " + steps);
            }
            steps.add(step);
            switch (step) {
                case AuthenticationStep.Challenge challenge -> {
                    if (steps.size() > MAXIMUM_ROUNDS) {
                        throw new AssertionError("still challenging after " + MAXIMUM_ROUNDS + " rounds");
                    }
                    step = exchange.respond(client.answer(challenge.data()));
                }
                case AuthenticationStep.Success success -> {
                    client.succeeded(success.data());
                    return new Transcript(List.copyOf(steps));
                }
                case AuthenticationStep.Failure failure -> {
                    return new Transcript(List.copyOf(steps));
                }
            }
        }
    }
}
