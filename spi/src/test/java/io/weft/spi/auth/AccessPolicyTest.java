package io.weft.spi.auth;

import io.weft.spi.Qos;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessPolicyTest {

    /** Allows only topics under {@code prefix}. */
    private static AccessPolicy under(String prefix) {
        return new AccessPolicy() {
            @Override
            public AccessDecision publish(String topic, Qos qos, boolean retain) {
                return topic.startsWith(prefix) ? AccessDecision.ALLOW : AccessDecision.DENY;
            }

            @Override
            public AccessDecision subscribe(String filter, Qos qos) {
                return publish(filter, qos, false);
            }
        };
    }

    @Test
    void andAllowsOnlyWhatBothAllow() {
        AccessPolicy both = under("a/").and(under("a/b/"));
        assertThat(both.publish("a/b/c", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.ALLOW);
        assertThat(both.publish("a/c", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);
        assertThat(both.subscribe("x/b/c", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.DENY);
    }

    @Test
    void allowAllIsNeutral() {
        AccessPolicy policy = under("a/");
        assertThat(AccessPolicy.ALLOW_ALL.and(policy)).isSameAs(policy);
        assertThat(policy.and(AccessPolicy.ALLOW_ALL)).isSameAs(policy);
        assertThat(AccessPolicy.DENY_ALL.and(policy).publish("a/b", Qos.EXACTLY_ONCE, true))
                .isEqualTo(AccessDecision.DENY);
    }

    @Test
    void connectAttemptHidesThePassword() {
        ConnectAttempt attempt = new ConnectAttempt("c", "u", "secret".getBytes(), io.weft.spi.MqttVersion.MQTT_5,
                new java.net.InetSocketAddress("127.0.0.1", 1), new java.net.InetSocketAddress("127.0.0.1", 2),
                java.util.List.of());
        assertThat(attempt.toString()).doesNotContain("secret").contains("password=present");
        assertThat(attempt.passwordText()).isEqualTo("secret");
        assertThat(attempt.fromLoopback()).isTrue();
        byte[] copy = attempt.password();
        copy[0] = 'X';
        assertThat(attempt.passwordText()).isEqualTo("secret");
    }
}
