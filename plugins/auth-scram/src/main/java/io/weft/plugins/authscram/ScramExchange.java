package io.weft.plugins.authscram;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.ServerFinalMessage;
import com.ongres.scram.common.ServerFirstMessage;
import io.weft.plugins.authscram.ScramMessages.ClientFinal;
import io.weft.plugins.authscram.ScramMessages.ClientFirst;
import io.weft.plugins.authscram.ScramMessages.MalformedMessageException;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.AuthenticationExchange;
import io.weft.spi.auth.AuthenticationStep;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.ConnectReason;
import io.weft.spi.auth.Principal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One SCRAM authentication of one client (RFC 5802 section 5, MQTT 5.0 section 4.12): the client-first-message
 * comes as the Authentication Data of the CONNECT (or AUTH 0x19), the server-first-message goes out in AUTH 0x18,
 * the client-final-message comes back in AUTH 0x18, and the server-final-message ({@code v=ServerSignature}) goes
 * out with the success, so that the client can check the server knew its verifier too.
 *
 * <p>Thread: used by one thread at a time, the client's virtual thread, as {@link AuthenticationExchange}
 * promises; only {@link #abandon()} may come from another thread, which is why the end is an atomic flag.
 */
final class ScramExchange implements AuthenticationExchange {

    /** The reason of every refusal: the same for an unknown user, a wrong password and a bad message. */
    static final ConnectReason REFUSAL = ConnectReason.NOT_AUTHORIZED;

    /** The message of a refused proof, the same whether or not the user exists. */
    static final String FAILED = "SCRAM authentication failed";

    /** The principal attribute that names the mechanism a client proved its identity with. */
    static final String METHOD_ATTRIBUTE = "authentication-method";

    /** Finds a user's verifier. */
    @FunctionalInterface
    interface CredentialSource {
        /** The verifier of {@code username} (SASLprep'd), or a decoy for a user that has none. */
        Lookup lookup(ScramMechanism mechanism, String username);
    }

    /** A verifier, and whether it is the user's own ({@code false}: a decoy, which must never succeed). */
    record Lookup(ScramCredential credential, boolean known) {
    }

    private enum Stage { AWAITING_CLIENT_FIRST, AWAITING_CLIENT_FINAL, FINISHED }

    private final ScramMechanism mechanism;
    private final ConnectAttempt attempt;
    private final CredentialSource credentials;
    private final Supplier<String> serverNonces;
    private final Consumer<ExchangeResult> results;
    private final AtomicBoolean finished = new AtomicBoolean();

    private Stage stage = Stage.AWAITING_CLIENT_FIRST;
    private ClientFirst clientFirst;
    private Lookup lookup;
    private String serverFirst;
    private String nonce;

    /**
     * @param serverNonces the server's part of each nonce: printable ASCII without ',' from a SecureRandom
     * @param results      told once how the exchange ended
     */
    ScramExchange(ScramMechanism mechanism, ConnectAttempt attempt, CredentialSource credentials,
                  Supplier<String> serverNonces, Consumer<ExchangeResult> results) {
        this.mechanism = mechanism;
        this.attempt = attempt;
        this.credentials = credentials;
        this.serverNonces = serverNonces;
        this.results = results;
    }

    @Override
    public AuthenticationStep begin(byte[] data) {
        if (stage != Stage.AWAITING_CLIENT_FIRST) {
            return fail(ExchangeResult.MALFORMED, "a client-first-message out of turn");
        }
        ClientFirst first;
        try {
            first = ScramMessages.parseClientFirst(ScramMessages.text(data, "client-first-message"));
        } catch (MalformedMessageException malformed) {
            return fail(ExchangeResult.MALFORMED, "malformed client-first-message: " + malformed.getMessage());
        }
        if (first.requestsChannelBinding()) {
            // RFC 5802 section 6: a server that cannot bind fails the exchange; it must not carry on without.
            return fail(ExchangeResult.CHANNEL_BINDING, "SCRAM channel binding (p=" + first.channelBindingName()
                    + ") is not supported; use the gs2-cbind-flag n or y");
        }
        String username;
        try {
            username = ScramCredential.prepare(first.username());
        } catch (IllegalArgumentException prohibited) {
            return fail(ExchangeResult.MALFORMED, "the SCRAM user name is not allowed by SASLprep");
        }
        if (first.authorizationId() != null && !sameUser(first.authorizationId(), username)) {
            return fail(ExchangeResult.USER_MISMATCH, "a SCRAM authzid other than the user itself is not supported");
        }
        if (attempt.hasUsername() && !sameUser(attempt.username(), username)) {
            return fail(ExchangeResult.USER_MISMATCH, "the SCRAM user is not the user name of the CONNECT");
        }
        clientFirst = first;
        lookup = credentials.lookup(mechanism, username);
        ScramCredential credential = lookup.credential();
        String serverNonce = serverNonces.get();
        nonce = first.clientNonce() + serverNonce;
        serverFirst = new ServerFirstMessage(first.clientNonce(), serverNonce,
                Base64.getEncoder().encodeToString(credential.salt()), credential.iterations()).toString();
        stage = Stage.AWAITING_CLIENT_FINAL;
        return new AuthenticationStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public AuthenticationStep respond(byte[] data) {
        if (stage != Stage.AWAITING_CLIENT_FINAL) {
            return fail(ExchangeResult.MALFORMED, "a client-final-message out of turn");
        }
        ClientFinal last;
        try {
            last = ScramMessages.parseClientFinal(ScramMessages.text(data, "client-final-message"));
        } catch (MalformedMessageException malformed) {
            return fail(ExchangeResult.MALFORMED, "malformed client-final-message: " + malformed.getMessage());
        }
        if (!MessageDigest.isEqual(last.channelBinding(), clientFirst.gs2Header().getBytes(StandardCharsets.UTF_8))) {
            return fail(ExchangeResult.MALFORMED, "the channel-binding attribute does not repeat the gs2-header");
        }
        if (!last.nonce().equals(nonce)) {
            // RFC 5802 section 5.1: the client's nonce followed by the server's, exactly as this exchange made it.
            return fail(ExchangeResult.NONCE_MISMATCH, "the nonce of the client-final-message is not this exchange's");
        }
        String authMessage = clientFirst.bare() + "," + serverFirst + "," + last.withoutProof();
        ScramCredential credential = lookup.credential();
        boolean proven = verifyProof(credential, last.proof(), authMessage);
        if (!proven || !lookup.known()) {
            return fail(lookup.known() ? ExchangeResult.WRONG_PROOF : ExchangeResult.UNKNOWN_USER, FAILED);
        }
        byte[] serverSignature = ScramFunctions.serverSignature(mechanism, credential.serverKey(), authMessage);
        String serverFinal = new ServerFinalMessage(serverSignature).toString();
        stage = Stage.FINISHED;
        end(ExchangeResult.SUCCESS);
        Principal principal = new Principal(credential.username(), Map.of(METHOD_ATTRIBUTE, mechanism.getName()));
        return new AuthenticationStep.Success(principal, AccessPolicy.ALLOW_ALL,
                serverFinal.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void abandon() {
        end(ExchangeResult.ABANDONED);
    }

    /**
     * ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage); the proof holds when H(ClientKey) is StoredKey.
     * Compared in constant time: scram-common's {@code verifyClientProof} uses {@code Arrays.equals}.
     */
    private boolean verifyProof(ScramCredential credential, byte[] proof, String authMessage) {
        byte[] clientSignature = ScramFunctions.clientSignature(mechanism, credential.storedKey(), authMessage);
        if (proof.length != clientSignature.length) {
            return false;
        }
        byte[] clientKey = new byte[proof.length];
        for (int index = 0; index < proof.length; index++) {
            clientKey[index] = (byte) (proof[index] ^ clientSignature[index]);
        }
        return MessageDigest.isEqual(ScramFunctions.storedKey(mechanism, clientKey), credential.storedKey());
    }

    private static boolean sameUser(String name, String preparedUsername) {
        try {
            return ScramCredential.prepare(name).equals(preparedUsername);
        } catch (IllegalArgumentException prohibited) {
            return false;
        }
    }

    private AuthenticationStep fail(ExchangeResult result, String message) {
        stage = Stage.FINISHED;
        end(result);
        return new AuthenticationStep.Failure(REFUSAL, message);
    }

    private void end(ExchangeResult result) {
        if (finished.compareAndSet(false, true)) {
            results.accept(result);
        }
    }
}
