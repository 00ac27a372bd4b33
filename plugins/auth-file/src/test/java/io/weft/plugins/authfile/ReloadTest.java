package io.weft.plugins.authfile;

import io.weft.spi.Plugin;
import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.Principal;
import io.weft.testkit.ConnectAttempts;
import io.weft.testkit.PluginHarness;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.weft.plugins.authfile.AuthFilePluginTest.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Both files are polled every 50 ms here; each test waits for the change with a deadline. */
class ReloadTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path directory;
    private Plugin plugin;

    @AfterEach
    void close() {
        if (plugin != null) {
            plugin.close();
        }
    }

    private AuthFilePlugin start(TestPluginContext context) throws Exception {
        plugin = PluginHarness.create("auth-file", context, Authenticator.class);
        return (AuthFilePlugin) plugin;
    }

    private TestPluginContext context() {
        return TestPluginContext.builder("users").baseDirectory(directory)
                .config(Map.of("users-file", "passwd", "acl-file", "acl", "reload-interval", "50ms")).build();
    }

    /** Replaces the file the way editors and weft passwd do: a new file moved over the old one. */
    private void replace(String name, String... lines) throws IOException {
        Path next = Files.write(directory.resolve(name + ".next"), List.of(lines));
        Files.move(next, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean allowed(AuthenticationDecision decision) {
        return decision instanceof AuthenticationDecision.Allow;
    }

    @Test
    void aChangedUsersFileIsSeenByTheNextConnect() throws Exception {
        Files.write(directory.resolve("passwd"), List.of(user("alice", "one")));
        Files.write(directory.resolve("acl"), List.of("topic #"));
        TestPluginContext context = context();
        AuthFilePlugin plugin = start(context);
        assertThat(plugin.authenticate(ConnectAttempts.withCredentials("bob", "two")))
                .isInstanceOf(AuthenticationDecision.Abstain.class);

        replace("passwd", user("alice", "changed"), user("bob", "two"));

        await().atMost(DEADLINE).until(() -> context.metrics().counterValue("file_reloads", "users", "loaded") == 1);
        assertThat(allowed(plugin.authenticate(ConnectAttempts.withCredentials("bob", "two")))).isTrue();
        assertThat(allowed(plugin.authenticate(ConnectAttempts.withCredentials("alice", "one")))).isFalse();
        assertThat(allowed(plugin.authenticate(ConnectAttempts.withCredentials("alice", "changed")))).isTrue();
        assertThat(context.metrics().gaugeValue("users")).isEqualTo(2);
    }

    @Test
    void aFileWrittenInPlaceIsReloadedToo() throws Exception {
        Files.write(directory.resolve("passwd"), List.of(user("alice", "one")));
        Files.write(directory.resolve("acl"), List.of("topic #"));
        AuthFilePlugin plugin = start(context());

        Files.write(directory.resolve("passwd"), List.of(user("alice", "one"), user("bob", "two")));

        await().atMost(DEADLINE).until(() -> allowed(plugin.authenticate(ConnectAttempts.withCredentials("bob", "two"))));
    }

    @Test
    void newConnectionsGetTheNewAclEstablishedOnesKeepTheirs() throws Exception {
        Files.write(directory.resolve("passwd"), List.of(user("alice", "one")));
        Files.write(directory.resolve("acl"), List.of("topic readwrite old/#"));
        AuthFilePlugin plugin = start(context());
        AccessPolicy established = plugin.authorize(ConnectAttempts.client("c1").build(), Principal.of("alice"));

        replace("acl", "topic readwrite new/#");

        await().atMost(DEADLINE).until(() -> plugin.authorize(ConnectAttempts.client("c2").build(),
                Principal.of("alice")).publish("new/x", Qos.AT_MOST_ONCE, false) == AccessDecision.ALLOW);
        AccessPolicy fresh = plugin.authorize(ConnectAttempts.client("c2").build(), Principal.of("alice"));
        assertThat(fresh.publish("old/x", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);
        assertThat(established.publish("old/x", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.ALLOW);
        assertThat(established.publish("new/x", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);
    }

    @Test
    void aBrokenAclFileKeepsThePreviousRulesAndIsLoggedWithFileAndLine() throws Exception {
        Files.write(directory.resolve("passwd"), List.of(user("alice", "one")));
        Path acl = Files.write(directory.resolve("acl"), List.of("topic readwrite old/#"));
        TestPluginContext context = context();
        AuthFilePlugin plugin = start(context);

        replace("acl", "topic readwrite new/#", "topic deny a/#/b");

        await().atMost(DEADLINE).until(() -> context.metrics().counterValue("file_reloads", "acl", "failed") == 1);
        assertThat(context.logger().entriesAtLeast(Level.ERROR)).extracting(entry -> entry.message())
                .contains("acl file " + acl + " not reloaded, keeping the content loaded before: " + acl
                        + ":2: '#' must be a whole level and the last one in 'a/#/b' ([MQTT-4.7.1-2] in 3.1.1, "
                        + "[MQTT-4.7.1-1] in 5.0)");
        AccessPolicy policy = plugin.authorize(ConnectAttempts.client("c").build(), Principal.of("alice"));
        assertThat(policy.publish("old/x", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.ALLOW);
        assertThat(policy.publish("new/x", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);

        replace("acl", "topic readwrite new/#");

        await().atMost(DEADLINE).until(() -> plugin.authorize(ConnectAttempts.client("c").build(),
                Principal.of("alice")).publish("new/x", Qos.AT_MOST_ONCE, false) == AccessDecision.ALLOW);
    }

    @Test
    void aDeletedUsersFileKeepsTheUsersLoadedBefore() throws Exception {
        Path passwd = Files.write(directory.resolve("passwd"), List.of(user("alice", "one")));
        Files.write(directory.resolve("acl"), List.of("topic #"));
        TestPluginContext context = context();
        AuthFilePlugin plugin = start(context);

        Files.delete(passwd);

        await().atMost(DEADLINE).until(() -> context.logger().logged(Level.ERROR, "users file " + passwd
                + " cannot be read (no such file); keeping the content loaded before"));
        assertThat(allowed(plugin.authenticate(ConnectAttempts.withCredentials("alice", "one")))).isTrue();
    }
}
