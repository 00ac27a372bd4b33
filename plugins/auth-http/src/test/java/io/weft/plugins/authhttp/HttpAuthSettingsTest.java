package io.weft.plugins.authhttp;

import io.weft.spi.PluginConfigException;
import io.weft.testkit.PluginHarness;
import io.weft.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration: defaults, and each wrong value refused with the full key. */
class HttpAuthSettingsTest {

    private static final String PREFIX = "plugins.instances.http.";
    private static final String URL = "http://127.0.0.1:8080/mqtt/auth";

    private static HttpAuthSettings read(Map<String, Object> values, Duration callTimeout)
            throws PluginConfigException {
        TestPluginContext context = TestPluginContext.builder("http").config(values).callTimeout(callTimeout).build();
        return HttpAuthSettings.read(context.config(), context.callTimeout());
    }

    @Test
    void defaults() throws PluginConfigException {
        HttpAuthSettings settings = read(Map.of("authentication-url", URL), Duration.ofSeconds(5));

        assertThat(settings.authenticationUrl()).contains(URI.create(URL));
        assertThat(settings.authorizationUrl()).isEmpty();
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.onError()).isEqualTo(HttpAuthSettings.OnError.DENY);
        assertThat(settings.cacheTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.denyCacheTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.cacheSize()).isEqualTo(10_000);
        assertThat(settings.headers()).isEmpty();
    }

    @Test
    void defaultTimeoutsStayBelowAShortCallTimeout() throws PluginConfigException {
        HttpAuthSettings settings = read(Map.of("authentication-url", URL), Duration.ofMillis(600));

        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void cacheLifetimesOfZeroTurnThatCacheOff() throws PluginConfigException {
        HttpAuthSettings settings = read(Map.of("authentication-url", URL, "cache-ttl", "0", "deny-cache-ttl", "0"),
                Duration.ofSeconds(5));

        assertThat(settings.cacheTtl()).isZero();
        assertThat(settings.denyCacheTtl()).isZero();
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "request-timeout | 5s | must be shorter than plugins.call-timeout (5000ms)",
            "request-timeout | 6s | must be shorter than plugins.call-timeout",
            "connect-timeout | 5000ms | must be shorter than plugins.call-timeout",
            "request-timeout | soon | expected a positive duration",
            "on-error | allow | expected deny or ignore, got 'allow'",
            "cache-size | -1 | expected an integer from 0 to 10000000",
            "cache-ttl | 1 hour | expected a positive duration",
            "deny-cache-ttl | -5s | expected a positive duration",
            "authorization-url | ftp://example.org/acl | expected an http:// or https:// URL with a host",
            "authorization-url | http://user:pass@127.0.0.1/acl | not in the URL",
            "authorization-url | http://[bad | not a valid URL",
            "timeout | 2s | unknown key; known keys are authentication-url, authorization-url, cache-size"})
    void aWrongValueIsRefusedNamingTheKey(String key, String value, String problem) {
        TestPluginContext context = TestPluginContext.builder("http").set("authentication-url", URL).set(key, value)
                .build();

        assertThatThrownBy(() -> PluginHarness.create("auth-http", context))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith(PREFIX + key + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void anInstanceNeedsAtLeastOneUrl() {
        TestPluginContext context = TestPluginContext.builder("http").set("on-error", "deny").build();

        assertThatThrownBy(() -> PluginHarness.create("auth-http", context))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith(PREFIX + "authentication-url: required");
    }

    @Test
    void aBadAuthenticationUrlIsNamed() {
        TestPluginContext context = TestPluginContext.builder("http").set("authentication-url", "localhost/mqtt/auth")
                .build();

        assertThatThrownBy(() -> PluginHarness.create("auth-http", context))
                .hasMessageStartingWith(PREFIX + "authentication-url: expected an http:// or https:// URL");
    }

    @Test
    void aHeaderTheClientMayNotSetIsNamedWithoutItsValue() {
        TestPluginContext context = TestPluginContext.builder("http").set("authentication-url", URL)
                .set("headers", Map.of("Authorization", "Bearer secret-token", "Connection", "close")).build();

        assertThatThrownBy(() -> PluginHarness.create("auth-http", context))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith(PREFIX + "headers.Connection: not a header the HTTP client may set")
                .hasMessageNotContaining("secret-token");
    }

    @Test
    void headersMustBeASection() {
        TestPluginContext context = TestPluginContext.builder("http").set("authentication-url", URL)
                .set("headers", "Authorization: Bearer x").build();

        assertThatThrownBy(() -> PluginHarness.create("auth-http", context))
                .hasMessageStartingWith(PREFIX + "headers: expected a section");
    }
}
