package io.weft.plugins.authscram;

import com.ongres.scram.common.ScramMechanism;
import io.weft.spi.auth.AuthenticationStep;
import io.weft.testkit.ConnectAttempts;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The exchange of RFC 7677 section 3 (user "user", password "pencil"), byte for byte. */
class Rfc7677VectorTest {

    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static ScramCredential pencil() {
        return ScramCredential.derive(ScramMechanism.SCRAM_SHA_256, "user", "pencil".toCharArray(),
                Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
    }

    private static ScramExchange exchange(ScramCredential credential, boolean known, List<ExchangeResult> results) {
        return new ScramExchange(ScramMechanism.SCRAM_SHA_256, ConnectAttempts.client("c").build(),
                (mechanism, username) -> new ScramExchange.Lookup(credential, known), () -> SERVER_NONCE,
                results::add);
    }

    @Test
    @DisplayName("[MQTT-4.12.0-2] the verifier derived from 'pencil' answers RFC 7677's exchange exactly")
    void theRfcExchange() {
        List<ExchangeResult> results = new ArrayList<>();
        ScramExchange exchange = exchange(pencil(), true, results);

        AuthenticationStep first = exchange.begin(CLIENT_FIRST.getBytes(StandardCharsets.UTF_8));
        assertThat(first).isInstanceOf(AuthenticationStep.Challenge.class);
        assertThat(new String(((AuthenticationStep.Challenge) first).data(), StandardCharsets.UTF_8))
                .isEqualTo(SERVER_FIRST);

        AuthenticationStep last = exchange.respond(CLIENT_FINAL.getBytes(StandardCharsets.UTF_8));
        assertThat(last).isInstanceOf(AuthenticationStep.Success.class);
        AuthenticationStep.Success success = (AuthenticationStep.Success) last;
        assertThat(new String(success.data(), StandardCharsets.UTF_8)).isEqualTo(SERVER_FINAL);
        assertThat(success.principal().name()).isEqualTo("user");
        assertThat(results).containsExactly(ExchangeResult.SUCCESS);
    }

    @Test
    void theVerifierLineRoundTripsThroughTheFileFormat() {
        ScramCredential credential = pencil();
        ScramCredential parsed = ScramCredential.parse(credential.line());

        assertThat(credential.line()).startsWith("user:SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$");
        assertThat(parsed.storedKey()).isEqualTo(credential.storedKey());
        assertThat(parsed.serverKey()).isEqualTo(credential.serverKey());
        assertThat(parsed.iterations()).isEqualTo(4096);
        assertThat(parsed.toString()).doesNotContain(Base64.getEncoder().encodeToString(credential.storedKey()));
    }

    @Test
    void aDecoyNeverSucceedsEvenWithTheRightProof() {
        List<ExchangeResult> results = new ArrayList<>();
        ScramExchange exchange = exchange(pencil(), false, results);
        exchange.begin(CLIENT_FIRST.getBytes(StandardCharsets.UTF_8));

        AuthenticationStep last = exchange.respond(CLIENT_FINAL.getBytes(StandardCharsets.UTF_8));
        assertThat(last).isEqualTo(new AuthenticationStep.Failure(ScramExchange.REFUSAL, ScramExchange.FAILED));
        assertThat(results).containsExactly(ExchangeResult.UNKNOWN_USER);
    }

    @Test
    void aFlippedProofBitIsAWrongProof() {
        List<ExchangeResult> results = new ArrayList<>();
        ScramExchange exchange = exchange(pencil(), true, results);
        exchange.begin(CLIENT_FIRST.getBytes(StandardCharsets.UTF_8));

        String flipped = CLIENT_FINAL.replace("p=dHzb", "p=dHzc");
        AuthenticationStep last = exchange.respond(flipped.getBytes(StandardCharsets.UTF_8));
        assertThat(last).isInstanceOf(AuthenticationStep.Failure.class);
        assertThat(results).containsExactly(ExchangeResult.WRONG_PROOF);
    }
}
