package io.weft.plugins.authhttp;

import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.ConnectReason;
import io.weft.testkit.ConnectAttempts;
import io.weft.testkit.PluginHarness;
import io.weft.testkit.RecordingLogger;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way the service can fail, and what {@code on-error} makes of it. */
class ServiceFailureTest {

    private static final String AUTH = "/mqtt/auth";
    private static final String PASSWORD = "pa55-w0rd-never-logged";
    private static final AuthenticationDecision UNAVAILABLE = AuthenticationDecision.deny(
            ConnectReason.SERVER_UNAVAILABLE, "authentication service unavailable");

    private final FakeAuthService service = FakeAuthService.start();
    private Authenticator authenticator;

    @AfterEach
    void stop() {
        if (authenticator != null) {
            authenticator.close();
        }
        service.close();
    }

    private TestPluginContext context(URI url, Map<String, Object> extra) {
        TestPluginContext.Builder builder = TestPluginContext.builder("http").set("authentication-url", url.toString());
        extra.forEach(builder::set);
        return builder.build();
    }

    private AuthenticationDecision authenticate(TestPluginContext context) throws Exception {
        authenticator = PluginHarness.create("auth-http", context, Authenticator.class);
        return authenticator.authenticate(ConnectAttempts.withCredentials("alice", PASSWORD));
    }

    @ParameterizedTest(name = "HTTP {0} -> deny 0x88 by default")
    @CsvSource({"500", "503", "401", "404", "204", "302"})
    void aStatusOtherThan200DeniesWithServerUnavailableAndIsLogged(int status) throws Exception {
        service.answer(AUTH, status, status == 204 || status == 302 ? "" : "{\"result\": \"allow\"}");
        TestPluginContext context = context(service.url(AUTH), Map.of());

        assertThat(authenticate(context)).isEqualTo(UNAVAILABLE);
        assertThat(context.metrics().counterValue("requests", "authentication", "http_status")).isEqualTo(1);
        assertLoggedWithoutPassword(context.logger(), service.url(AUTH) + " answered HTTP " + status);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON | {result: allow",
            "lenient JSON | {result: allow}",
            "two documents | {\"result\": \"allow\"} {}",
            "not an object | [\"allow\"]",
            "empty body | ''",
            "no result | {\"principal\": \"alice\"}",
            "unknown result | {\"result\": \"maybe\"}",
            "result not text | {\"result\": true}",
            "acl not an object | {\"result\": \"allow\", \"acl\": [\"#\"]}",
            "filter not text | {\"result\": \"allow\", \"acl\": {\"publish\": [1]}}",
            "invalid filter | {\"result\": \"allow\", \"acl\": {\"subscribe\": [\"a/#/b\"]}}",
            "empty principal | {\"result\": \"allow\", \"principal\": \"\"}",
            "nested attribute | {\"result\": \"allow\", \"attributes\": {\"roles\": [\"admin\"]}}"})
    void anAnswerAgainstTheContractDenies(String problem, String body) throws Exception {
        service.answer(AUTH, body);
        TestPluginContext context = context(service.url(AUTH), Map.of());

        assertThat(authenticate(context)).isEqualTo(UNAVAILABLE);
        assertThat(context.metrics().counterValue("requests", "authentication", "bad_response")).isEqualTo(1);
        assertLoggedWithoutPassword(context.logger(), service.url(AUTH).toString());
    }

    @Test
    void onErrorIgnoreAbstains() throws Exception {
        service.answer(AUTH, 500, "");
        TestPluginContext context = context(service.url(AUTH), Map.of("on-error", "ignore"));

        assertThat(authenticate(context)).isInstanceOf(AuthenticationDecision.Abstain.class);
        assertThat(context.logger().logged(System.Logger.Level.WARNING, "on-error ignore")).isTrue();
    }

    @Test
    void aRefusedConnectionDenies() throws Exception {
        FakeAuthService gone = FakeAuthService.start();
        URI url = gone.url(AUTH);
        gone.close();
        TestPluginContext context = context(url, Map.of());

        assertThat(authenticate(context)).isEqualTo(UNAVAILABLE);
        assertThat(context.metrics().counterValue("requests", "authentication", "unreachable")).isEqualTo(1);
        assertLoggedWithoutPassword(context.logger(), url + " is unreachable");
    }

    @Test
    void aServiceSlowerThanTheRequestTimeoutDenies() throws Exception {
        service.hang(AUTH);
        TestPluginContext context = context(service.url(AUTH), Map.of("request-timeout", "200ms"));

        assertThat(authenticate(context)).isEqualTo(UNAVAILABLE);
        assertThat(service.received(AUTH)).hasSize(1);
        assertThat(context.metrics().counterValue("requests", "authentication", "timeout")).isEqualTo(1);
        assertLoggedWithoutPassword(context.logger(), service.url(AUTH) + " did not answer within 200ms");
    }

    @Test
    void aCallAbandonedByTheBrokerGivesUpAndKeepsTheInterrupt() throws Exception {
        service.hang(AUTH);
        TestPluginContext context = context(service.url(AUTH), Map.of());
        authenticator = PluginHarness.create("auth-http", context, Authenticator.class);

        Thread.currentThread().interrupt();
        AuthenticationDecision decision = authenticator.authenticate(ConnectAttempts.withCredentials("alice", "x"));

        assertThat(Thread.interrupted()).isTrue();
        assertThat(decision).isEqualTo(UNAVAILABLE);
        assertThat(context.metrics().counterValue("requests", "authentication", "interrupted")).isEqualTo(1);
    }

    @Test
    void aFailureIsNeverCached() throws Exception {
        service.answer(AUTH, 500, "");
        TestPluginContext context = context(service.url(AUTH), Map.of());
        authenticate(context);

        service.answer(AUTH, "{\"result\": \"allow\"}");
        AuthenticationDecision second = authenticator.authenticate(ConnectAttempts.withCredentials("alice", PASSWORD));

        assertThat(second).isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(service.received(AUTH)).hasSize(2);
    }

    private static void assertLoggedWithoutPassword(RecordingLogger logger, String text) {
        assertThat(logger.logged(System.Logger.Level.WARNING, text))
                .as("a warning containing '%s' in %s", text, logger.entries()).isTrue();
        assertThat(logger.entries()).noneMatch(entry -> entry.message().contains(PASSWORD));
    }
}
