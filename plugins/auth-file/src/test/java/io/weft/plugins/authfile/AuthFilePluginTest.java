package io.weft.plugins.authfile;

import io.weft.spi.Plugin;
import io.weft.spi.PluginConfigException;
import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.Authorizer;
import io.weft.spi.auth.ConnectReason;
import io.weft.spi.auth.Principal;
import io.weft.testkit.ConnectAttempts;
import io.weft.testkit.PluginHarness;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthFilePluginTest {

    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path directory;
    private final List<Plugin> plugins = new ArrayList<>();

    @AfterEach
    void closePlugins() {
        plugins.forEach(Plugin::close);
    }

    /** A users file line with a cheap hash (10 iterations), for tests. */
    static String user(String name, String password) {
        return name + ":" + PasswordHash.create(password, 10, RANDOM).encoded();
    }

    TestPluginContext context(Map<String, ?> config) {
        return TestPluginContext.builder("users").baseDirectory(directory).config(config).build();
    }

    AuthFilePlugin plugin(TestPluginContext context) throws PluginConfigException {
        AuthFilePlugin plugin = (AuthFilePlugin) PluginHarness.create("auth-file", context, Authenticator.class);
        plugins.add(plugin);
        return plugin;
    }

    Path write(String name, String... lines) throws IOException {
        return Files.write(directory.resolve(name), List.of(lines));
    }

    @Test
    void theRightPasswordLetsTheUserInAsItselfWithNoRestrictionOfItsOwn() throws Exception {
        write("passwd", user("alice", "wonderland"), user("bob", "builder"));
        TestPluginContext context = context(Map.of("users-file", "passwd"));
        AuthFilePlugin plugin = plugin(context);

        AuthenticationDecision decision = plugin.authenticate(ConnectAttempts.withCredentials("alice", "wonderland"));

        assertThat(decision).isEqualTo(AuthenticationDecision.allow(Principal.of("alice"), AccessPolicy.ALLOW_ALL));
        assertThat(context.metrics().counterValue("authentications", "allowed")).isEqualTo(1);
        assertThat(context.metrics().gaugeValue("users")).isEqualTo(2);
        assertThat(plugin).isInstanceOf(Authorizer.class);
        assertThat(plugin.authorize(ConnectAttempts.withCredentials("alice", "x"), Principal.of("alice")))
                .as("no ACL file: no restriction").isSameAs(AccessPolicy.ALLOW_ALL);
    }

    @Test
    void aWrongOrMissingPasswordIsDeniedWithoutSayingWhetherTheUserExists() throws Exception {
        write("passwd", user("alice", "wonderland"));
        TestPluginContext context = context(Map.of("users-file", "passwd"));
        AuthFilePlugin plugin = plugin(context);

        AuthenticationDecision wrong = plugin.authenticate(ConnectAttempts.withCredentials("alice", "Wonderland"));
        AuthenticationDecision missing = plugin.authenticate(ConnectAttempts.client("c").username("alice").build());

        AuthenticationDecision.Deny expected = AuthenticationDecision.deny(ConnectReason.BAD_USER_NAME_OR_PASSWORD,
                "bad user name or password");
        assertThat(wrong).isEqualTo(expected);
        assertThat(missing).isEqualTo(expected);
        assertThat(context.metrics().counterValue("authentications", "denied")).isEqualTo(2);
    }

    @Test
    void aUserNotInTheFileOrNoUserNameIsLeftToTheNextAuthenticator() throws Exception {
        write("passwd", user("alice", "wonderland"));
        TestPluginContext context = context(Map.of("users-file", "passwd"));
        AuthFilePlugin plugin = plugin(context);

        assertThat(plugin.authenticate(ConnectAttempts.withCredentials("mallory", "wonderland")))
                .isInstanceOf(AuthenticationDecision.Abstain.class);
        assertThat(plugin.authenticate(ConnectAttempts.client("c").build()))
                .isInstanceOf(AuthenticationDecision.Abstain.class);
        assertThat(plugin.authenticate(ConnectAttempts.client("c").username("").password("x").build()))
                .isInstanceOf(AuthenticationDecision.Abstain.class);
        assertThat(context.metrics().counterValue("authentications", "abstained")).isEqualTo(2);
    }

    @Test
    void aPasswordFileWrittenByMosquittoWorksUnchanged() throws Exception {
        try (InputStream fixture = getClass().getResourceAsStream("/mosquitto-passwd")) {
            Files.copy(fixture, directory.resolve("mosquitto-passwd"));
        }
        AuthFilePlugin plugin = plugin(context(Map.of("users-file", "mosquitto-passwd")));
        assertThat(plugin.authenticate(ConnectAttempts.withCredentials("alice", "correct horse")))
                .isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(plugin.authenticate(ConnectAttempts.withCredentials("bob", "Ünïcode pässword")))
                .isInstanceOf(AuthenticationDecision.Allow.class);
        assertThat(plugin.authenticate(ConnectAttempts.withCredentials("bob", "Unicode password")))
                .isInstanceOf(AuthenticationDecision.Deny.class);
    }

    @Test
    void badUsersLinesAreLoggedWithFileAndLineWithoutTheirContentAndTheRestLoads() throws Exception {
        Path file = write("passwd", "# users", user("alice", "wonderland"), "bob:my-plain-password",
                "carol:$6$AQIDBAUGBwgJCgsM$XlIAlwICEknl6VA3iUidF9sMzDbj7LwClGQ6od7QqE71OH8yc9m1TUWS8toUKwoE0K5bcNn5hbFLGsd5"
                        + "i6P0xw==");
        TestPluginContext context = context(Map.of("users-file", "passwd"));
        AuthFilePlugin plugin = plugin(context);

        assertThat(context.metrics().gaugeValue("users")).isEqualTo(2);
        assertThat(context.logger().logged(Level.WARNING, "users file " + file + ":3: user bob left out: unknown "
                + "password hash format")).isTrue();
        assertThat(context.logger().logged(Level.WARNING, "1 users have a $6$ hash")).isTrue();
        assertThat(context.logger().entries()).noneMatch(entry -> entry.message().contains("my-plain-password"));
        assertThat(plugin.authenticate(ConnectAttempts.withCredentials("carol", "legacy secret")))
                .isInstanceOf(AuthenticationDecision.Allow.class);
    }

    @Test
    void theAclFileRestrictsWhoeverAuthenticatedTheClient() throws Exception {
        write("acl", "topic read public/#", "user alice", "topic readwrite alice/#", "pattern write out/%c");
        TestPluginContext context = context(Map.of("acl-file", "acl"));
        Plugin created = PluginHarness.create("auth-file", context);
        plugins.add(created);

        assertThat(Plugin.rolesOf(created)).as("no users file: it leaves the authentication chain alone")
                .containsExactly(Authorizer.class);
        Authorizer plugin = (Authorizer) created;
        AccessPolicy alice = plugin.authorize(ConnectAttempts.client("c1").build(), Principal.of("alice"));
        assertThat(alice.publish("alice/x", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.ALLOW);
        assertThat(alice.publish("out/c1", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.ALLOW);
        AccessPolicy anonymous = plugin.authorize(ConnectAttempts.client("c2").build(), Principal.ANONYMOUS);
        assertThat(anonymous.subscribe("public/+", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.ALLOW);
        assertThat(anonymous.publish("alice/x", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);
        assertThat(context.metrics().counterValue("acl_denials", "publish")).isEqualTo(1);
        assertThat(context.metrics().gaugeValue("acl_rules")).isEqualTo(3);
    }

    @Test
    void configurationMistakesNameTheKey() throws IOException {
        write("acl", "topic read a", "topic rread a/#/b");
        assertThatThrownBy(() -> plugin(context(Map.of("user-file", "passwd"))))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith("plugins.instances.users.user-file: unknown key");
        assertThatThrownBy(() -> plugin(context(Map.of())))
                .hasMessageStartingWith("plugins.instances.users.users-file: set users-file, acl-file or both");
        assertThatThrownBy(() -> plugin(context(Map.of("users-file", "nowhere"))))
                .hasMessage("plugins.instances.users.users-file: cannot read " + directory.resolve("nowhere")
                        + ": no such file");
        assertThatThrownBy(() -> plugin(context(Map.of("acl-file", "acl"))))
                .hasMessage("plugins.instances.users.acl-file: " + directory.resolve("acl") + ":2: '#' must be a "
                        + "whole level and the last one in 'rread a/#/b' ([MQTT-4.7.1-2] in 3.1.1, "
                        + "[MQTT-4.7.1-1] in 5.0)");
        assertThatThrownBy(() -> plugin(context(Map.of("acl-file", "acl", "cache-size", "-1"))))
                .hasMessageStartingWith("plugins.instances.users.cache-size: expected an integer from 0");
        assertThatThrownBy(() -> plugin(context(Map.of("acl-file", "acl", "reload-interval", "soon"))))
                .hasMessageStartingWith("plugins.instances.users.reload-interval: expected a positive duration");
    }

    @Test
    void closeStopsTheReloadThread() throws Exception {
        write("passwd", user("alice", "wonderland"));
        AuthFilePlugin plugin = plugin(context(Map.of("users-file", "passwd")));
        assertThat(plugin.reloading()).isTrue();
        plugin.close();
        assertThat(plugin.reloading()).isFalse();
    }
}
