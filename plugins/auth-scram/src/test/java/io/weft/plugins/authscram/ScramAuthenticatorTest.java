package io.weft.plugins.authscram;

import com.ongres.scram.common.ScramMechanism;
import io.weft.spi.auth.AuthenticationExchange;
import io.weft.spi.auth.AuthenticationPhase;
import io.weft.spi.auth.AuthenticationStep;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.ConnectReason;
import io.weft.spi.auth.EnhancedAuthenticator;
import io.weft.testkit.ConnectAttempts;
import io.weft.testkit.EnhancedAuthenticationDriver;
import io.weft.testkit.EnhancedAuthenticationDriver.Transcript;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SCRAM exchange end to end against the plugin, with scram-client as the client (RFC 5802, RFC 7677). */
class ScramAuthenticatorTest {

    private static final String SHA_256 = "SCRAM-SHA-256";
    private static final ConnectAttempt NO_USERNAME = ConnectAttempts.client("device-1").build();

    @TempDir
    Path directory;

    private Path file;
    private TestPluginContext context;
    private EnhancedAuthenticator authenticator;

    @BeforeEach
    void start() throws Exception {
        file = ScramFixture.write(directory.resolve("scram-users"), List.of("# users of the tests",
                ScramFixture.line("alice", "wonderland"),
                ScramFixture.line(ScramMechanism.SCRAM_SHA_512, "alice", "wonderland-512"),
                ScramFixture.line("a,b=c", "escaped")));
        Files.createDirectories(directory.resolve("data"));
        context = ScramFixture.context(file, directory.resolve("data"), Map.of());
        authenticator = ScramFixture.create(context);
    }

    @AfterEach
    void stop() {
        authenticator.close();
    }

    private Transcript run(ConnectAttempt attempt, EnhancedAuthenticationDriver.Client client) throws Exception {
        return EnhancedAuthenticationDriver.run(authenticator, SHA_256, attempt, client);
    }

    private double exchanges(ExchangeResult result) {
        return context.metrics().counterValue("exchanges", result.label());
    }

    @Test
    void handlesBothMethods() {
        assertThat(authenticator.methods()).containsExactlyInAnyOrder("SCRAM-SHA-256", "SCRAM-SHA-512");
    }

    @Test
    @DisplayName("[MQTT-4.12.0-2] one AUTH 0x18 challenge, then success carrying v=, which scram-client verifies")
    void theRightPasswordSucceedsAndTheClientVerifiesTheServerSignature() throws Exception {
        ScramTestClient client = ScramTestClient.of(SHA_256, "alice", "wonderland");
        Transcript transcript = run(NO_USERNAME, client);

        assertThat(transcript.challenges()).isEqualTo(1);
        AuthenticationStep.Success success = transcript.success();
        assertThat(success.principal().name()).isEqualTo("alice");
        assertThat(success.principal().attributes()).containsEntry("authentication-method", SHA_256);
        assertThat(new String(success.data(), StandardCharsets.UTF_8)).startsWith("v=");
        assertThat(client.verifiedServerFinal()).isNotNull();
        assertThat(client.verifiedServerFinal().isError()).isFalse();
        assertThat(exchanges(ExchangeResult.SUCCESS)).isEqualTo(1);
    }

    @Test
    void scramSha512UsesTheUsersSha512Verifier() throws Exception {
        ScramTestClient client = ScramTestClient.of("SCRAM-SHA-512", "alice", "wonderland-512");
        Transcript transcript = EnhancedAuthenticationDriver.run(authenticator, "SCRAM-SHA-512", NO_USERNAME, client);
        assertThat(transcript.success().principal().name()).isEqualTo("alice");
        assertThat(client.verifiedServerFinal()).isNotNull();

        Transcript sha256Password = EnhancedAuthenticationDriver.run(authenticator, "SCRAM-SHA-512", NO_USERNAME,
                ScramTestClient.of("SCRAM-SHA-512", "alice", "wonderland"));
        assertThat(sha256Password.failure().reason()).isEqualTo(ConnectReason.NOT_AUTHORIZED);
    }

    @Test
    @DisplayName("[MQTT-4.12.0-4] a wrong password is refused with 0x87 after the proof")
    void aWrongPasswordIsRefusedAfterTheProof() throws Exception {
        Transcript transcript = run(NO_USERNAME, ScramTestClient.of(SHA_256, "alice", "looking-glass"));

        assertThat(transcript.challenges()).isEqualTo(1);
        assertThat(transcript.failure()).isEqualTo(
                new AuthenticationStep.Failure(ConnectReason.NOT_AUTHORIZED, "SCRAM authentication failed"));
        assertThat(exchanges(ExchangeResult.WRONG_PROOF)).isEqualTo(1);
    }

    @Test
    @DisplayName("[MQTT-4.12.0-4] an unknown user is challenged like a real one and refused with the same reason")
    void anUnknownUserGetsAServerFirstMessageAndTheSameRefusalAsAWrongPassword() throws Exception {
        Transcript wrongPassword = run(NO_USERNAME, ScramTestClient.of(SHA_256, "alice", "looking-glass"));
        Transcript unknown = run(NO_USERNAME, ScramTestClient.of(SHA_256, "mallory", "anything"));

        assertThat(unknown.challenges()).isEqualTo(1);
        assertThat(unknown.failure()).isEqualTo(wrongPassword.failure());
        String decoy = serverFirst(unknown);
        String real = serverFirst(wrongPassword);
        assertThat(salt(decoy)).hasSameSizeAs(salt(real));
        assertThat(iterations(decoy)).isEqualTo(iterations(real));
        assertThat(exchanges(ExchangeResult.UNKNOWN_USER)).isEqualTo(1);
    }

    @Test
    void anUnknownUsersSaltStaysTheSameAcrossAttemptsAndRestarts() throws Exception {
        String first = salt(serverFirst(run(NO_USERNAME, ScramTestClient.of(SHA_256, "mallory", "x"))));
        String again = salt(serverFirst(run(NO_USERNAME, ScramTestClient.of(SHA_256, "mallory", "y"))));
        String other = salt(serverFirst(run(NO_USERNAME, ScramTestClient.of(SHA_256, "trudy", "y"))));
        authenticator.close();
        authenticator = ScramFixture.create(ScramFixture.context(file, directory.resolve("data"), Map.of()));
        String restarted = salt(serverFirst(run(NO_USERNAME, ScramTestClient.of(SHA_256, "mallory", "z"))));

        assertThat(again).isEqualTo(first);
        assertThat(restarted).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void userNamesWithCommaAndEqualsAreEscapedOnTheWire() throws Exception {
        ScramTestClient client = ScramTestClient.of(SHA_256, "a,b=c", "escaped");
        assertThat(new String(client.initialData(), StandardCharsets.UTF_8)).contains("n=a=2Cb=3Dc,");
        ScramTestClient fresh = ScramTestClient.of(SHA_256, "a,b=c", "escaped");
        assertThat(run(NO_USERNAME, fresh).success().principal().name()).isEqualTo("a,b=c");
    }

    @Test
    void theConnectsUserNameMustBeTheScramUser() throws Exception {
        ConnectAttempt asBob = ConnectAttempts.client("device-1").username("bob").build();
        Transcript mismatch = run(asBob, ScramTestClient.of(SHA_256, "alice", "wonderland"));
        assertThat(mismatch.challenges()).isZero();
        assertThat(mismatch.failure().reason()).isEqualTo(ConnectReason.NOT_AUTHORIZED);
        assertThat(mismatch.failure().message()).contains("not the user name of the CONNECT");
        assertThat(exchanges(ExchangeResult.USER_MISMATCH)).isEqualTo(1);

        // SASLprep maps the soft hyphen to nothing: the same user on both sides.
        ConnectAttempt asAlice = ConnectAttempts.client("device-1").username("ali\u00ADce").build();
        assertThat(run(asAlice, ScramTestClient.of(SHA_256, "alice", "wonderland")).succeeded()).isTrue();
    }

    @Test
    @DisplayName("[MQTT-4.12.1-1] re-authentication runs the same exchange, with the CONNECT's user name rule")
    void reAuthenticationFollowsTheRulesOfTheConnect() throws Exception {
        ConnectAttempt asAlice = ConnectAttempts.client("device-1").username("alice").build();
        Transcript again = EnhancedAuthenticationDriver.run(authenticator, SHA_256, asAlice,
                AuthenticationPhase.REAUTHENTICATION, ScramTestClient.of(SHA_256, "alice", "wonderland"));
        assertThat(again.success().principal().name()).isEqualTo("alice");

        Transcript someoneElse = EnhancedAuthenticationDriver.run(authenticator, SHA_256, asAlice,
                AuthenticationPhase.REAUTHENTICATION, ScramTestClient.of(SHA_256, "a,b=c", "escaped"));
        assertThat(someoneElse.failure().reason()).isEqualTo(ConnectReason.NOT_AUTHORIZED);

        Transcript wrong = EnhancedAuthenticationDriver.run(authenticator, SHA_256, NO_USERNAME,
                AuthenticationPhase.REAUTHENTICATION, ScramTestClient.of(SHA_256, "alice", "nope"));
        assertThat(wrong.failure().message()).isEqualTo("SCRAM authentication failed");
    }

    @Test
    void theGs2FlagYIsAcceptedAndAnAuthzidOfTheUserItself() throws Exception {
        assertThat(run(NO_USERNAME, ManualScramClient.plain("y,,", "alice", "wonderland")).succeeded()).isTrue();
        assertThat(run(NO_USERNAME, ManualScramClient.plain("n,a=alice,", "alice", "wonderland")).succeeded())
                .isTrue();
        Transcript other = run(NO_USERNAME, ManualScramClient.plain("n,a=bob,", "alice", "wonderland"));
        assertThat(other.failure().message()).contains("authzid");
    }

    @Test
    void theGs2HeaderMustComeBackInTheChannelBindingAttribute() throws Exception {
        // The client said n in its first message and y (eSws) in its last: a downgrade, refused.
        Transcript transcript = run(NO_USERNAME, new ManualScramClient("n,,", "alice", "nonce", "wonderland",
                clientFinal -> clientFinal.replace("c=biws", "c=eSws")));
        assertThat(transcript.challenges()).isEqualTo(1);
        assertThat(transcript.failure().message()).contains("channel-binding");
    }

    @Test
    @DisplayName("[MQTT-4.12.0-4] a client-final-message with a changed nonce is refused")
    void aTamperedNonceIsRefused() throws Exception {
        Transcript serverPart = run(NO_USERNAME, new ManualScramClient("n,,", "alice", "nonce", "wonderland",
                clientFinal -> clientFinal.replaceFirst(",r=([^,]*),", ",r=$1x,")));
        Transcript clientPart = run(NO_USERNAME, new ManualScramClient("n,,", "alice", "nonce", "wonderland",
                clientFinal -> clientFinal.replace(",r=nonce", ",r=Nonce")));

        for (Transcript transcript : List.of(serverPart, clientPart)) {
            assertThat(transcript.failure().reason()).isEqualTo(ConnectReason.NOT_AUTHORIZED);
            assertThat(transcript.failure().message()).contains("nonce");
        }
        assertThat(exchanges(ExchangeResult.NONCE_MISMATCH)).isEqualTo(2);
        // The same client without tampering gets in: the edits alone made the difference.
        assertThat(run(NO_USERNAME, ManualScramClient.plain("n,,", "alice", "wonderland")).succeeded()).isTrue();
    }

    @Test
    void messagesOutOfTurnFailAndAbandonIsCountedOnce() {
        AuthenticationExchange early = authenticator.open(SHA_256, NO_USERNAME, AuthenticationPhase.CONNECT);
        assertThat(early.respond("c=biws,r=x,p=AAAA".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AuthenticationStep.Failure.class);
        assertThat(exchanges(ExchangeResult.MALFORMED)).isEqualTo(1);

        AuthenticationExchange left = authenticator.open(SHA_256, NO_USERNAME, AuthenticationPhase.CONNECT);
        assertThat(left.begin("n,,n=alice,r=abc".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AuthenticationStep.Challenge.class);
        left.abandon();
        left.abandon();
        assertThat(exchanges(ExchangeResult.ABANDONED)).isEqualTo(1);
        early.abandon();
        assertThat(exchanges(ExchangeResult.ABANDONED)).isEqualTo(1);
    }

    @Test
    void theUsersGaugeCountsDistinctUsers() {
        assertThat(context.metrics().gaugeValue("users")).isEqualTo(2);
    }

    static String serverFirst(Transcript transcript) {
        AuthenticationStep.Challenge challenge = (AuthenticationStep.Challenge) transcript.steps().getFirst();
        return new String(challenge.data(), StandardCharsets.UTF_8);
    }

    private static String salt(String serverFirst) {
        return attribute(serverFirst, "s=");
    }

    private static String iterations(String serverFirst) {
        return attribute(serverFirst, "i=");
    }

    private static String attribute(String message, String prefix) {
        for (String attribute : message.split(",")) {
            if (attribute.startsWith(prefix)) {
                return attribute.substring(prefix.length());
            }
        }
        throw new AssertionError("no " + prefix + " in " + message);
    }
}
