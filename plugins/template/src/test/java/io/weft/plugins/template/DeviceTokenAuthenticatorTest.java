package io.weft.plugins.template;

import io.weft.spi.PluginConfigException;
import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.ConnectReason;
import io.weft.testkit.ConnectAttempts;
import io.weft.testkit.PluginHarness;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unit tests with the testkit: no broker, the plugin found and made as the broker would. */
class DeviceTokenAuthenticatorTest {

    private static final String TOKEN = "0123456789abcdef-token";

    private final TestPluginContext context = TestPluginContext.builder("devices").set("token", TOKEN).build();

    private Authenticator authenticator() throws PluginConfigException {
        return PluginHarness.create("device-token", context, Authenticator.class);
    }

    @Test
    void aDeviceWithTheTokenIsLetInWithItsOwnTopics() throws PluginConfigException {
        AuthenticationDecision decision = authenticator().authenticate(ConnectAttempts.client("sensor-7")
                .username("device").password(TOKEN).build());

        AuthenticationDecision.Allow allow = (AuthenticationDecision.Allow) decision;
        assertThat(allow.principal().name()).isEqualTo("sensor-7");
        assertThat(allow.policy().publish("devices/sensor-7/temp", Qos.AT_LEAST_ONCE, false))
                .isEqualTo(AccessDecision.ALLOW);
        assertThat(allow.policy().publish("devices/sensor-8/temp", Qos.AT_LEAST_ONCE, false))
                .isEqualTo(AccessDecision.DENY);
        assertThat(allow.policy().subscribe("devices/sensor-7/commands/#", Qos.AT_MOST_ONCE))
                .isEqualTo(AccessDecision.ALLOW);
        assertThat(allow.policy().subscribe("devices/#", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.DENY);
        assertThat(allow.policy().subscribe("devices/+/commands", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.DENY);
        assertThat(allow.policy().subscribe("devices/sensor-7/#", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.ALLOW);
        assertThat(allow.policy().publish("devices/sensor-7", Qos.AT_MOST_ONCE, false))
                .as("under its prefix only").isEqualTo(AccessDecision.DENY);
        assertThat(context.metrics().counterValue("connects", "allowed")).isEqualTo(1);
    }

    @Test
    void aWrongTokenIsRefusedAndOtherUsersAreLeftToTheChain() throws PluginConfigException {
        Authenticator authenticator = authenticator();
        assertThat(authenticator.authenticate(ConnectAttempts.client("sensor-7").username("device")
                .password("guess").build())).isEqualTo(AuthenticationDecision.deny(
                ConnectReason.BAD_USER_NAME_OR_PASSWORD, "bad user name or password"));
        assertThat(authenticator.authenticate(ConnectAttempts.withCredentials("alice", TOKEN)))
                .isInstanceOf(AuthenticationDecision.Abstain.class);
        assertThat(authenticator.authenticate(ConnectAttempts.client("a/b").username("device").password(TOKEN)
                .build())).isInstanceOfSatisfying(AuthenticationDecision.Deny.class,
                deny -> assertThat(deny.reason()).isEqualTo(ConnectReason.CLIENT_IDENTIFIER_NOT_VALID));
        assertThat(context.metrics().counterValue("connects", "refused")).isEqualTo(2);
    }

    @Test
    void configurationMistakesNameTheKey() {
        TestPluginContext shortToken = TestPluginContext.builder("devices").set("token", "short").build();
        assertThatThrownBy(() -> PluginHarness.create("device-token", shortToken))
                .hasMessage("plugins.instances.devices.token: must be at least 16 characters");
        TestPluginContext misspelt = TestPluginContext.builder("devices").set("token", TOKEN).set("topic-rot", "x")
                .build();
        assertThatThrownBy(() -> PluginHarness.create("device-token", misspelt))
                .hasMessageStartingWith("plugins.instances.devices.topic-rot: unknown key");
        for (String root : new String[] {"", "devices/+", "a#"}) {
            TestPluginContext wildcard = TestPluginContext.builder("devices").set("token", TOKEN)
                    .set("topic-root", root).build();
            assertThatThrownBy(() -> PluginHarness.create("device-token", wildcard)).hasMessage(
                    "plugins.instances.devices.topic-root: must be a topic name without wildcards, got '" + root + "'");
        }
    }
}
