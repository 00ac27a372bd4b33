package io.weft.plugins.authhttp;

import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AccessListTest {

    @Test
    void publishNeedsAMatchingFilterAndSubscribeACoveringOne() {
        AccessList policy = AccessList.of(List.of("sensors/+/temperature"), List.of("sensors/#"), "c1", "alice");

        assertThat(policy.publish("sensors/kitchen/temperature", Qos.AT_MOST_ONCE, false))
                .isEqualTo(AccessDecision.ALLOW);
        assertThat(policy.publish("sensors/kitchen/humidity", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);
        assertThat(policy.subscribe("sensors/+/humidity", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.ALLOW);
        assertThat(policy.subscribe("#", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.DENY);
    }

    @Test
    void userNameAndClientIdAreSubstituted() {
        AccessList policy = AccessList.of(List.of("users/%u/%c/#"), List.of("users/%u/#"), "phone", "alice");

        assertThat(policy.publish("users/alice/phone/status", Qos.AT_LEAST_ONCE, true)).isEqualTo(AccessDecision.ALLOW);
        assertThat(policy.publish("users/bob/phone/status", Qos.AT_LEAST_ONCE, true)).isEqualTo(AccessDecision.DENY);
        assertThat(policy.subscribe("users/alice/+/status", Qos.AT_LEAST_ONCE)).isEqualTo(AccessDecision.ALLOW);
    }

    @Test
    void aRuleNamingAMissingOrWildcardValueGrantsNothing() {
        AccessList noUser = AccessList.of(List.of("users/%u/#", "public/#"), List.of(), "c1", null);
        AccessList wildcardUser = AccessList.of(List.of("users/%u/#"), List.of("users/%u/#"), "c1", "+");
        AccessList wildcardClient = AccessList.of(List.of("devices/%c/#"), List.of("devices/%c/#"), "#", "alice");

        assertThat(noUser.publish("users//x", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);
        assertThat(noUser.publish("public/x", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.ALLOW);
        assertThat(wildcardUser.publish("users/bob/x", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);
        assertThat(wildcardUser.subscribe("users/+/#", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.DENY);
        assertThat(wildcardClient.subscribe("devices/#", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.DENY);
    }

    @Test
    void aUserNameHoldingPercentCIsTakenLiterally() {
        AccessList policy = AccessList.of(List.of("users/%u"), List.of(), "c1", "%c");

        assertThat(policy.publish("users/%c", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.ALLOW);
        assertThat(policy.publish("users/c1", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);
    }

    @Test
    void emptyListsAllowNothing() {
        AccessList policy = AccessList.of(List.of(), List.of(), "c1", "alice");

        assertThat(policy.publish("a", Qos.AT_MOST_ONCE, false)).isEqualTo(AccessDecision.DENY);
        assertThat(policy.subscribe("a", Qos.AT_MOST_ONCE)).isEqualTo(AccessDecision.DENY);
    }
}
