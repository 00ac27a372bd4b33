package io.weft.plugins.authhttp;

import com.google.gson.JsonObject;
import io.weft.spi.Plugin;
import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.Authorizer;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.Principal;
import io.weft.testkit.ConnectAttempts;
import io.weft.testkit.PluginHarness;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpAuthorizerTest {

    private static final String AUTH = "/mqtt/auth";
    private static final String ACL = "/mqtt/acl";
    private static final ConnectAttempt ALICE = ConnectAttempts.client("phone").username("alice").password("secret")
            .from("192.0.2.7", 51_000).build();
    private static final Principal PRINCIPAL = new Principal("alice", Map.of("role", "owner"));

    private final FakeAuthService service = FakeAuthService.start();
    private Plugin plugin;
    private TestPluginContext context;

    @AfterEach
    void stop() {
        if (plugin != null) {
            plugin.close();
        }
        service.close();
    }

    private Authorizer authorizer(Map<String, Object> extra) throws Exception {
        TestPluginContext.Builder builder = TestPluginContext.builder("http")
                .set("authorization-url", service.url(ACL).toString());
        extra.forEach(builder::set);
        context = builder.build();
        Authorizer authorizer = PluginHarness.create("auth-http", context, Authorizer.class);
        plugin = authorizer;
        return authorizer;
    }

    @Test
    void theServiceIsAskedOnceAtConnectAndThePolicyAnswersFromMemory() throws Exception {
        service.answer(ACL, "{\"publish\": [\"users/%u/#\"], \"subscribe\": [\"users/%u/#\", \"news/+\"]}");

        AccessPolicy policy = authorizer(Map.of()).authorize(ALICE, PRINCIPAL);
        for (int index = 0; index < 3; index++) {
            assertThat(policy.publish("users/alice/status", Qos.AT_LEAST_ONCE, false)).isEqualTo(AccessDecision.ALLOW);
            assertThat(policy.publish("users/bob/status", Qos.AT_LEAST_ONCE, false)).isEqualTo(AccessDecision.DENY);
            assertThat(policy.subscribe("news/today", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.ALLOW);
            assertThat(policy.subscribe("news/#", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.DENY);
        }

        assertThat(service.received(ACL)).hasSize(1);
        assertThat(context.metrics().counterValue("requests", "authorization", "allow")).isEqualTo(1);
    }

    @Test
    void theServiceReceivesTheClientAndPrincipalButNoPassword() throws Exception {
        service.answer(ACL, "{\"result\": \"ignore\"}");

        authorizer(Map.of()).authorize(ALICE, PRINCIPAL);

        JsonObject body = service.last(ACL).body();
        assertThat(body.get("clientId").getAsString()).isEqualTo("phone");
        assertThat(body.get("username").getAsString()).isEqualTo("alice");
        assertThat(body.get("principal").getAsString()).isEqualTo("alice");
        assertThat(body.getAsJsonObject("attributes").get("role").getAsString()).isEqualTo("owner");
        assertThat(body.get("remoteAddress").getAsString()).isEqualTo("192.0.2.7");
        assertThat(body.get("remotePort").getAsInt()).isEqualTo(51_000);
        assertThat(body.has("password")).isFalse();
        assertThat(body.toString()).doesNotContain("secret");
    }

    @Test
    void anAnonymousClientIsSentWithoutAPrincipal() throws Exception {
        service.answer(ACL, "{\"result\": \"ignore\"}");

        authorizer(Map.of()).authorize(ConnectAttempts.client("guest").build(), Principal.ANONYMOUS);

        assertThat(service.last(ACL).body().get("principal").isJsonNull()).isTrue();
    }

    @Test
    void denyGivesDenyAllAndIgnoreAddsNoRestriction() throws Exception {
        service.answer(ACL, body -> FakeAuthService.Reply.json(body.get("clientId").getAsString().equals("blocked")
                ? "{\"result\": \"deny\"}" : "{\"result\": \"ignore\"}"));
        Authorizer authorizer = authorizer(Map.of());

        assertThat(authorizer.authorize(ConnectAttempts.client("blocked").build(), PRINCIPAL))
                .isSameAs(AccessPolicy.DENY_ALL);
        assertThat(authorizer.authorize(ConnectAttempts.client("other").build(), PRINCIPAL))
                .isSameAs(AccessPolicy.ALLOW_ALL);
    }

    @Test
    void anAbsentListAllowsNothingOfThatKind() throws Exception {
        service.answer(ACL, "{\"result\": \"allow\", \"subscribe\": [\"#\"]}");

        AccessPolicy policy = authorizer(Map.of()).authorize(ALICE, PRINCIPAL);

        assertThat(policy.subscribe("any/thing", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.ALLOW);
        assertThat(policy.publish("any/thing", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);
    }

    @Test
    void aFailureRefusesTheClientByDefault() throws Exception {
        service.answer(ACL, 503, "");
        Authorizer authorizer = authorizer(Map.of());

        assertThatThrownBy(() -> authorizer.authorize(ALICE, PRINCIPAL)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(service.url(ACL) + " answered HTTP 503");
        assertThat(context.metrics().counterValue("requests", "authorization", "http_status")).isEqualTo(1);
        assertThat(context.logger().logged(System.Logger.Level.WARNING, "on-error deny")).isTrue();
    }

    @Test
    void aFailureWithOnErrorIgnoreAddsNoRestriction() throws Exception {
        service.answer(ACL, "{\"publish\": \"a/#\"}");

        assertThat(authorizer(Map.of("on-error", "ignore")).authorize(ALICE, PRINCIPAL))
                .isSameAs(AccessPolicy.ALLOW_ALL);
        assertThat(context.metrics().counterValue("requests", "authorization", "bad_response")).isEqualTo(1);
    }

    @Test
    void theInstancePlaysTheRolesItsUrlsGive() throws Exception {
        service.answer(AUTH, "{\"result\": \"allow\"}").answer(ACL, "{\"publish\": [\"a\"]}");

        Plugin authorizerOnly = authorizer(Map.of());
        assertThat(Plugin.rolesOf(authorizerOnly)).containsExactly(Authorizer.class);

        TestPluginContext both = TestPluginContext.builder("both").set("authentication-url", service.url(AUTH)
                .toString()).set("authorization-url", service.url(ACL).toString()).build();
        try (Plugin plugin = PluginHarness.create("auth-http", both)) {
            assertThat(Plugin.rolesOf(plugin)).isEqualTo(List.of(Authenticator.class, Authorizer.class));
            AuthenticationDecision.Allow allow = (AuthenticationDecision.Allow) ((Authenticator) plugin)
                    .authenticate(ALICE);
            AccessPolicy policy = allow.policy().and(((Authorizer) plugin).authorize(ALICE, allow.principal()));
            assertThat(policy.publish("a", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.ALLOW);
            assertThat(policy.publish("b", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);
        }
    }
}
