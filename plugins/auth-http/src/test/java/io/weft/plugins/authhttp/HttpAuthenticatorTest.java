package io.weft.plugins.authhttp;

import com.google.gson.JsonObject;
import io.weft.spi.MqttVersion;
import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.ConnectReason;
import io.weft.spi.auth.Principal;
import io.weft.testkit.ConnectAttempts;
import io.weft.testkit.PluginHarness;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpAuthenticatorTest {

    private static final String AUTH = "/mqtt/auth";

    private final FakeAuthService service = FakeAuthService.start();
    private Authenticator authenticator;

    @AfterEach
    void stop() {
        if (authenticator != null) {
            authenticator.close();
        }
        service.close();
    }

    private TestPluginContext context(Map<String, Object> extra) {
        TestPluginContext.Builder builder = TestPluginContext.builder("http")
                .set("authentication-url", service.url(AUTH).toString());
        extra.forEach(builder::set);
        return builder.build();
    }

    private Authenticator authenticator(TestPluginContext context) throws Exception {
        authenticator = PluginHarness.create("auth-http", context, Authenticator.class);
        return authenticator;
    }

    @Test
    void allowGivesThePrincipalItsAttributesAndTheAccessList() throws Exception {
        service.answer(AUTH, """
                {"result": "allow", "principal": "device-42", "attributes": {"tenant": "acme", "level": 3},
                 "acl": {"publish": ["devices/%c/out/#"], "subscribe": ["devices/%c/in/+", "broadcast/#"]}}""");
        TestPluginContext context = context(Map.of());

        AuthenticationDecision decision = authenticator(context)
                .authenticate(ConnectAttempts.client("sensor-7").username("alice").password("secret").build());

        AuthenticationDecision.Allow allow = (AuthenticationDecision.Allow) decision;
        assertThat(allow.principal()).isEqualTo(new Principal("device-42", Map.of("tenant", "acme", "level", "3")));
        AccessPolicy policy = allow.policy();
        assertThat(policy.publish("devices/sensor-7/out/temperature", Qos.AT_LEAST_ONCE, false))
                .isEqualTo(AccessDecision.ALLOW);
        assertThat(policy.publish("devices/other/out/temperature", Qos.AT_LEAST_ONCE, false))
                .isEqualTo(AccessDecision.DENY);
        assertThat(policy.subscribe("devices/sensor-7/in/config", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.ALLOW);
        assertThat(policy.subscribe("devices/sensor-7/in/#", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.DENY);
        assertThat(policy.subscribe("broadcast/+/news", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.ALLOW);
        assertThat(context.metrics().counterValue("requests", "authentication", "allow")).isEqualTo(1);
        assertThat(context.metrics().timerCount("request_duration", "authentication")).isEqualTo(1);
    }

    @Test
    void allowWithoutPrincipalOrAclNamesTheUserAndAllowsEverything() throws Exception {
        service.answer(AUTH, "{\"result\": \"allow\"}");
        Authenticator plugin = authenticator(context(Map.of()));

        AuthenticationDecision.Allow allow = (AuthenticationDecision.Allow) plugin
                .authenticate(ConnectAttempts.withCredentials("alice", "secret"));
        AuthenticationDecision.Allow anonymous = (AuthenticationDecision.Allow) plugin
                .authenticate(ConnectAttempts.client("no-user").build());

        assertThat(allow.principal().name()).isEqualTo("alice");
        assertThat(allow.policy()).isSameAs(AccessPolicy.ALLOW_ALL);
        assertThat(anonymous.principal().name()).isEqualTo("no-user");
    }

    @Test
    void denyIsNotAuthorizedUnlessTheServiceNamesAnotherReason() throws Exception {
        service.answer(AUTH, body -> FakeAuthService.Reply.json(switch (body.get("username").getAsString()) {
            case "plain" -> "{\"result\": \"deny\"}";
            case "bad" -> "{\"result\": \"deny\", \"reasonCode\": \"bad_username_or_password\", \"reason\": \"no\"}";
            case "numeric" -> "{\"result\": \"deny\", \"reasonCode\": 134}";
            case "banned" -> "{\"result\": \"deny\", \"reasonCode\": \"banned\"}";
            default -> "{\"result\": \"deny\", \"reasonCode\": \"server_busy\", \"reason\": \"" + "x".repeat(300)
                    + "\"}";
        }));
        Authenticator plugin = authenticator(context(Map.of()));

        assertThat(plugin.authenticate(ConnectAttempts.withCredentials("plain", "p"))).isEqualTo(
                AuthenticationDecision.deny(ConnectReason.NOT_AUTHORIZED, "refused by the authentication service"));
        assertThat(plugin.authenticate(ConnectAttempts.withCredentials("bad", "p")))
                .isEqualTo(AuthenticationDecision.deny(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "no"));
        assertThat(((AuthenticationDecision.Deny) plugin.authenticate(ConnectAttempts.withCredentials("numeric", "p")))
                .reason()).isEqualTo(ConnectReason.BAD_USER_NAME_OR_PASSWORD);
        assertThat(((AuthenticationDecision.Deny) plugin.authenticate(ConnectAttempts.withCredentials("banned", "p")))
                .reason()).isEqualTo(ConnectReason.BANNED);
        AuthenticationDecision.Deny other = (AuthenticationDecision.Deny) plugin
                .authenticate(ConnectAttempts.withCredentials("other", "p"));
        assertThat(other.reason()).isEqualTo(ConnectReason.NOT_AUTHORIZED);
        assertThat(other.message()).hasSize(ServiceContract.REASON_LIMIT);
    }

    @Test
    void ignoreAbstainsSoTheNextAuthenticatorDecides() throws Exception {
        service.answer(AUTH, "{\"result\": \"ignore\"}");
        TestPluginContext context = context(Map.of());

        assertThat(authenticator(context).authenticate(ConnectAttempts.withCredentials("alice", "secret")))
                .isInstanceOf(AuthenticationDecision.Abstain.class);
        assertThat(context.metrics().counterValue("requests", "authentication", "ignore")).isEqualTo(1);
    }

    @Test
    void theServiceReceivesTheClientAsTheContractDescribes() throws Exception {
        service.answer(AUTH, "{\"result\": \"allow\"}");
        byte[] binary = {(byte) 0xff, 0, 'p', 'w'};
        ConnectAttempt attempt = ConnectAttempts.client("sensor-7").username("alice").password(binary)
                .version(MqttVersion.MQTT_3_1_1).from("192.0.2.10", 40_123).listener("0.0.0.0", 1884)
                .userProperty("site", "north").userProperty("site", "south").build();

        authenticator(context(Map.of())).authenticate(attempt);

        FakeAuthService.Received request = service.last(AUTH);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
        JsonObject body = request.body();
        assertThat(body.get("clientId").getAsString()).isEqualTo("sensor-7");
        assertThat(body.get("username").getAsString()).isEqualTo("alice");
        assertThat(body.get("password").getAsString()).isEqualTo(attempt.passwordText());
        assertThat(Base64.getDecoder().decode(body.get("passwordBase64").getAsString())).isEqualTo(binary);
        assertThat(body.get("remoteAddress").getAsString()).isEqualTo("192.0.2.10");
        assertThat(body.get("remotePort").getAsInt()).isEqualTo(40_123);
        assertThat(body.get("localPort").getAsInt()).isEqualTo(1884);
        assertThat(body.get("protocolVersion").getAsString()).isEqualTo("3.1.1");
        assertThat(body.get("userProperties").toString())
                .isEqualTo("[{\"name\":\"site\",\"value\":\"north\"},{\"name\":\"site\",\"value\":\"south\"}]");
    }

    @Test
    void absentCredentialsAreSentAsNull() throws Exception {
        service.answer(AUTH, "{\"result\": \"ignore\"}");

        authenticator(context(Map.of())).authenticate(ConnectAttempts.client("anonymous-1").build());

        JsonObject body = service.last(AUTH).body();
        assertThat(body.get("username").isJsonNull()).isTrue();
        assertThat(body.get("password").isJsonNull()).isTrue();
        assertThat(body.get("passwordBase64").isJsonNull()).isTrue();
        assertThat(body.get("protocolVersion").getAsString()).isEqualTo("5.0");
        assertThat(body.getAsJsonArray("userProperties")).isEmpty();
    }

    @Test
    void configuredHeadersGoWithEveryRequest() throws Exception {
        service.answer(AUTH, "{\"result\": \"ignore\"}");
        TestPluginContext context = context(Map.of("headers",
                Map.of("Authorization", "Bearer service-token", "X-Broker", "weft-1")));

        authenticator(context).authenticate(ConnectAttempts.withCredentials("alice", "secret"));

        FakeAuthService.Received request = service.last(AUTH);
        assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer service-token");
        assertThat(request.headers().getFirst("X-Broker")).isEqualTo("weft-1");
        assertThat(context.logger().entries()).noneMatch(entry -> entry.message().contains("service-token"));
    }
}
