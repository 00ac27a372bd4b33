package io.weft.plugins.authscram;

import com.ongres.scram.common.ScramMechanism;
import io.weft.spi.auth.AuthenticationStep;
import io.weft.spi.auth.ConnectReason;
import io.weft.testkit.ConnectAttempts;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages that break RFC 5802 end the exchange with a clean refusal, never an exception. */
class MalformedMessagesTest {

    private final List<ExchangeResult> results = new ArrayList<>();

    private ScramExchange exchange() {
        ScramCredential credential = ScramCredential.derive(ScramMechanism.SCRAM_SHA_256, "user",
                "pencil".toCharArray(), Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        return new ScramExchange(ScramMechanism.SCRAM_SHA_256, ConnectAttempts.client("c").build(),
                (mechanism, username) -> new ScramExchange.Lookup(credential, true), () -> "server-nonce",
                results::add);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @DisplayName("[MQTT-4.12.0-4] a malformed client-first-message is refused without a challenge")
    @ValueSource(strings = {"garbage", "n,,", "n,,r=abc", "n,,n=user", "n,,r=abc,n=user", "x,,n=user,r=abc",
            "n,,n=,r=abc", "n,,n=user,r=", "n,,n=us=2er,r=abc", "n,,n=user=,r=abc", "n,,m=ext,n=user,r=abc",
            "n,,n=user,r=ab c", "n,,n=user,r=abc,1=x", "n,b,n=user,r=abc", "n,,n=us\u0007er,r=abc", "n", "p=,,n=u,r=a",
            "p=tls unique,,n=u,r=a"})
    void malformedClientFirstMessages(String message) {
        AuthenticationStep step = exchange().begin(bytes(message));

        assertThat(step).isInstanceOf(AuthenticationStep.Failure.class);
        assertThat(((AuthenticationStep.Failure) step).reason()).isEqualTo(ConnectReason.NOT_AUTHORIZED);
        assertThat(results).containsExactly(ExchangeResult.MALFORMED);
    }

    @Test
    void absentEmptyOversizedAndNonUtf8DataIsRefused() {
        byte[] oversized = bytes("n,,n=user,r=" + "a".repeat(ScramMessages.MAXIMUM_MESSAGE_BYTES));
        for (byte[] data : new byte[][] {null, new byte[0], oversized, {'n', ',', ',', 'n', '=', (byte) 0xC3}}) {
            assertThat(exchange().begin(data)).isInstanceOf(AuthenticationStep.Failure.class);
        }
        assertThat(results).hasSize(4).containsOnly(ExchangeResult.MALFORMED);
    }

    @Test
    @DisplayName("[MQTT-4.12.0-4] channel binding (p=) is refused cleanly: there is no channel to bind to")
    void channelBindingIsRefused() {
        AuthenticationStep step = exchange().begin(bytes("p=tls-server-end-point,,n=user,r=abc"));

        assertThat(step).isEqualTo(new AuthenticationStep.Failure(ConnectReason.NOT_AUTHORIZED,
                "SCRAM channel binding (p=tls-server-end-point) is not supported; use the gs2-cbind-flag n or y"));
        assertThat(results).containsExactly(ExchangeResult.CHANNEL_BINDING);
    }

    @ParameterizedTest
    @DisplayName("[MQTT-4.12.0-4] a malformed client-final-message is refused")
    @ValueSource(strings = {"garbage", "c=biws,r=abcserver-nonce", "r=abcserver-nonce,c=biws,p=AAAA",
            "c=biws,r=abcserver-nonce,p=", "c=biws,r=abcserver-nonce,p=!!!!", "c=!!,r=abcserver-nonce,p=AAAA",
            "c=biws,r=abcserver-nonce,p=AAAA,x=1", "c=biws,p=AAAA,r=abcserver-nonce", ""})
    void malformedClientFinalMessages(String message) {
        ScramExchange exchange = exchange();
        assertThat(exchange.begin(bytes("n,,n=user,r=abc"))).isInstanceOf(AuthenticationStep.Challenge.class);

        AuthenticationStep step = exchange.respond(bytes(message));
        assertThat(step).isInstanceOf(AuthenticationStep.Failure.class);
        assertThat(results).containsExactly(ExchangeResult.MALFORMED);
    }

    @Test
    void extensionsAreIgnoredAsRfc5802Allows() throws Exception {
        ScramMessages.ClientFirst first = ScramMessages.parseClientFirst("n,,n=user,r=abc,x=extension");
        assertThat(first.bare()).isEqualTo("n=user,r=abc,x=extension");
        ScramMessages.ClientFinal last = ScramMessages.parseClientFinal("c=biws,r=abcd,x=extension,p=AAAA");
        assertThat(last.withoutProof()).isEqualTo("c=biws,r=abcd,x=extension");
    }

    @Test
    void saslNamesAreUnescapedOnceAndEscapedOnce() throws Exception {
        assertThat(ScramMessages.saslName("a=2Cb=3Dc=3D2C", "username")).isEqualTo("a,b=c=2C");
        assertThat(ScramMessages.toSaslName("a,b=c=2C")).isEqualTo("a=2Cb=3Dc=3D2C");
        ScramMessages.ClientFirst first = ScramMessages.parseClientFirst("y,a=a=2Cb,n=a=2Cb,r=abc");
        assertThat(first.username()).isEqualTo("a,b");
        assertThat(first.authorizationId()).isEqualTo("a,b");
        assertThat(first.gs2Header()).isEqualTo("y,a=a=2Cb,");
    }

    @Test
    void aSecondClientFirstMessageIsOutOfTurn() {
        ScramExchange exchange = exchange();
        exchange.begin(bytes("n,,n=user,r=abc"));
        assertThat(exchange.begin(bytes("n,,n=user,r=abc"))).isInstanceOf(AuthenticationStep.Failure.class);
        assertThat(exchange.respond(bytes("c=biws,r=abcserver-nonce,p=AAAA")))
                .isInstanceOf(AuthenticationStep.Failure.class);
        assertThat(results).containsExactly(ExchangeResult.MALFORMED);
    }
}
