package io.weft.plugins.authscram;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import io.weft.testkit.EnhancedAuthenticationDriver;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * A SCRAM-SHA-256 client written from RFC 5802 section 3, for what scram-client will not send: the gs2 flag
 * {@code y}, an authzid, a tampered client-final-message. {@code finalEdit} rewrites the client-final-message
 * after the proof is computed over the original.
 */
final class ManualScramClient implements EnhancedAuthenticationDriver.Client {

    private static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_256;

    private final String gs2Header;
    private final String bare;
    private final char[] password;
    private final UnaryOperator<String> finalEdit;

    ManualScramClient(String gs2Header, String saslUser, String clientNonce, String password,
                      UnaryOperator<String> finalEdit) {
        this.gs2Header = gs2Header;
        this.bare = "n=" + saslUser + ",r=" + clientNonce;
        this.password = password.toCharArray();
        this.finalEdit = finalEdit;
    }

    static ManualScramClient plain(String gs2Header, String saslUser, String password) {
        return new ManualScramClient(gs2Header, saslUser, "fyko+d2lbbFgONRv9qkxdawL", password, UnaryOperator.identity());
    }

    @Override
    public byte[] initialData() {
        return (gs2Header + bare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] answer(byte[] challenge) {
        String serverFirst = new String(challenge, StandardCharsets.UTF_8);
        String nonce = null;
        byte[] salt = null;
        int iterations = 0;
        for (String attribute : serverFirst.split(",")) {
            switch (attribute.charAt(0)) {
                case 'r' -> nonce = attribute.substring(2);
                case 's' -> salt = Base64.getDecoder().decode(attribute.substring(2));
                case 'i' -> iterations = Integer.parseInt(attribute.substring(2));
                default -> throw new AssertionError("unexpected attribute in " + serverFirst);
            }
        }
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8))
                + ",r=" + nonce;
        String authMessage = bare + "," + serverFirst + "," + withoutProof;
        byte[] saltedPassword = ScramFunctions.saltedPassword(MECHANISM, StringPreparation.SASL_PREPARATION, password,
                salt, iterations);
        byte[] clientKey = ScramFunctions.clientKey(MECHANISM, saltedPassword);
        byte[] signature = ScramFunctions.clientSignature(MECHANISM, ScramFunctions.storedKey(MECHANISM, clientKey),
                authMessage);
        byte[] proof = ScramFunctions.clientProof(clientKey, signature);
        String clientFinal = withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        return finalEdit.apply(clientFinal).getBytes(StandardCharsets.UTF_8);
    }
}
