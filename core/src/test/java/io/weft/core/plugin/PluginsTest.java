package io.weft.core.plugin;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.weft.core.BrokerSettings;
import io.weft.core.codec.ReasonCode;
import io.weft.core.security.AuthenticationResult;
import io.weft.core.security.Authenticator.ConnectRequest;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting, reloading, enabling and disabling plugin instances, and the messages of what goes wrong. */
class PluginsTest {

    private static final BrokerSettings SETTINGS = TestBroker.settings();

    private static Plugins start(PluginSpec... specs) throws PluginException {
        return Plugins.start(PluginCatalog.fromClassPath(PluginsTest.class.getClassLoader()), List.of(specs),
                SETTINGS, new PrometheusRegistry());
    }

    private static PluginSpec users(String name, String password) {
        return PluginSpec.of(name, "test-users", Map.of("users", Map.of("alice", password)));
    }

    private static AuthenticationResult connect(Plugins plugins, String password) {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", 1883);
        return plugins.authenticator().authenticate(new ConnectRequest("c", "alice",
                password.getBytes(StandardCharsets.UTF_8), address, 5, address, List.of()));
    }

    @Test
    @DisplayName("disabling and enabling an instance at runtime changes what new CONNECTs meet; closing it once")
    void enableAndDisableAtRuntime() throws PluginException {
        try (Plugins plugins = start(users("runtime", "secret"))) {
            assertThat(connect(plugins, "secret")).isInstanceOf(AuthenticationResult.Allow.class);
            assertThat(plugins.disable("runtime").stopped()).containsExactly("runtime");
            assertThat(TestPlugins.CLOSED.get("runtime")).hasValue(1);
            assertThat(connect(plugins, "secret")).as("no authenticator left: a user name is anonymous")
                    .isInstanceOf(AuthenticationResult.Allow.class);
            assertThat(plugins.status()).containsExactly(new Plugins.Status("runtime", "test-users", false, List.of()));
            assertThat(plugins.enable("runtime").started()).containsExactly("runtime");
            assertThat(connect(plugins, "wrong")).isEqualTo(new AuthenticationResult.Deny(
                    ReasonCode.BAD_USER_NAME_OR_PASSWORD, "wrong password"));
            assertThat(plugins.enable("nobody").failures()).containsExactly("no plugin instance named nobody");
        }
    }

    @Test
    @DisplayName("a reload replaces an instance whose configuration changed; a failing one leaves the old running")
    void reloadReplacesChangedInstances() throws PluginException {
        try (Plugins plugins = start(users("reloaded", "first"))) {
            Plugins.Changes same = plugins.apply(List.of(users("reloaded", "first")));
            assertThat(same.started()).isEmpty();
            assertThat(same.stopped()).isEmpty();

            Plugins.Changes changed = plugins.apply(List.of(users("reloaded", "second")));
            assertThat(changed.started()).containsExactly("reloaded");
            assertThat(changed.stopped()).containsExactly("reloaded");
            assertThat(connect(plugins, "second")).isInstanceOf(AuthenticationResult.Allow.class);

            Plugins.Changes broken = plugins.apply(List.of(PluginSpec.of("reloaded", "test-users",
                    Map.of("usres", Map.of()))));
            assertThat(broken.failures()).containsExactly("plugins.instances.reloaded.usres: unknown key; known keys "
                    + "are deny, users");
            assertThat(connect(plugins, "second")).as("the old instance goes on")
                    .isInstanceOf(AuthenticationResult.Allow.class);

            Plugins.Changes removed = plugins.apply(List.of());
            assertThat(removed.stopped()).containsExactly("reloaded");
        }
    }

    @Test
    @DisplayName("start-up problems name the key: unknown type, configuration error, crash, no role, a bridge")
    void startProblemsNameTheKey() {
        assertThatThrownBy(() -> start(PluginSpec.of("x", "nope", Map.of())))
                .hasMessageStartingWith("plugins.instances.x.type: no plugin of type 'nope'; installed types are [");
        assertThatThrownBy(() -> start(PluginSpec.of("x", "test-crash", Map.of("fail", "config"))))
                .hasMessage("plugins.instances.x.fail: is wrong on purpose");
        assertThatThrownBy(() -> start(PluginSpec.of("x", "test-crash", Map.of("fail", "create"))))
                .hasMessageContaining("plugins.instances.x: plugin test-crash failed to start")
                .hasMessageContaining("cannot start");
        assertThatThrownBy(() -> start(PluginSpec.of("x", "test-idle", Map.of())))
                .hasMessageContaining("implements none of the plugin roles");
        assertThatThrownBy(() -> start(PluginSpec.of("x", "test-bridge", Map.of())))
                .hasMessageContaining("does not run bridges yet");
        assertThatThrownBy(() -> start(users("twice", "a"), users("twice", "b")))
                .hasMessage("plugins.instances.twice: configured twice");
    }

    @Test
    @DisplayName("a failure at start stops the instances already made")
    void failedStartStopsTheOthers() {
        assertThatThrownBy(() -> start(users("made-first", "a"), PluginSpec.of("y", "nope", Map.of())))
                .isInstanceOf(PluginException.class);
        assertThat(TestPlugins.CLOSED.get("made-first")).hasValue(1);
    }

    @Test
    @DisplayName("plugin calls are measured: weft_plugin_call_seconds and weft_plugin_call_errors_total")
    void callsAreMeasured() throws PluginException {
        PrometheusRegistry registry = new PrometheusRegistry();
        try (Plugins plugins = Plugins.start(PluginCatalog.fromClassPath(getClass().getClassLoader()),
                List.of(PluginSpec.of("crashy", "test-crash", Map.of())), SETTINGS, registry)) {
            assertThat(connect(plugins, "x")).isEqualTo(new AuthenticationResult.Deny(ReasonCode.UNSPECIFIED_ERROR,
                    "authentication failed"));
            var snapshots = registry.scrape();
            var errors = snapshots.stream().filter(metric -> metric.getMetadata().getPrometheusName()
                    .equals("weft_plugin_call_errors")).findFirst().orElseThrow();
            assertThat(errors.getDataPoints()).anySatisfy(point -> {
                assertThat(point.getLabels().get("plugin")).isEqualTo("crashy");
                assertThat(point.getLabels().get("operation")).isEqualTo("authenticate");
                assertThat(point.getLabels().get("kind")).isEqualTo("exception");
            });
            assertThat(snapshots.stream().map(metric -> metric.getMetadata().getPrometheusName()))
                    .contains("weft_plugin_call_seconds");
        }
    }
}
