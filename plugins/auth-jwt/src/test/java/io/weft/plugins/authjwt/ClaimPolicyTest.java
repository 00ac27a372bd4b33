package io.weft.plugins.authjwt;

import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.TopicFilter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClaimPolicyTest {

    private final List<String> dropped = new ArrayList<>();

    private Permissions permissions(Object claim, String username, String clientId) {
        return Permissions.fromClaim(claim, username, clientId, dropped::add);
    }

    private static AccessDecision publish(ClaimPolicy policy, String topic) {
        return policy.publish(topic, Qos.AT_LEAST_ONCE, false);
    }

    private static AccessDecision subscribe(ClaimPolicy policy, String filter) {
        return policy.subscribe(filter, Qos.AT_LEAST_ONCE);
    }

    @Test
    void anArrayClaimAndASpaceSeparatedClaimGrantTheSame() {
        Permissions array = permissions(List.of("a/+", "b/#"), "u", "c");
        Permissions text = permissions("  a/+   b/# ", "u", "c");
        assertThat(array).isEqualTo(text);
        assertThat(array.filters()).extracting(TopicFilter::toString).containsExactly("a/+", "b/#");
    }

    @Test
    void publishIsAllowedWhereAFilterMatchesTheTopic() {
        ClaimPolicy policy = new ClaimPolicy(permissions(List.of("sensors/+/temperature", "logs/#"), "u", "c"),
                Permissions.NOTHING);
        assertThat(publish(policy, "sensors/kitchen/temperature")).isEqualTo(AccessDecision.ALLOW);
        assertThat(publish(policy, "logs")).isEqualTo(AccessDecision.ALLOW);
        assertThat(publish(policy, "logs/a/b")).isEqualTo(AccessDecision.ALLOW);
        assertThat(publish(policy, "sensors/kitchen/humidity")).isEqualTo(AccessDecision.DENY);
        assertThat(publish(policy, "sensors/kitchen/temperature/x")).isEqualTo(AccessDecision.DENY);
        assertThat(subscribe(policy, "logs/#")).isEqualTo(AccessDecision.DENY);
    }

    @Test
    void aWildcardSubscriptionIsAllowedOnlyWhenEveryTopicItMatchesIsGranted() {
        ClaimPolicy policy = new ClaimPolicy(Permissions.NOTHING,
                permissions(List.of("devices/d1/#", "status/+"), "u", "c"));
        assertThat(subscribe(policy, "devices/d1/#")).isEqualTo(AccessDecision.ALLOW);
        assertThat(subscribe(policy, "devices/d1/+/state")).isEqualTo(AccessDecision.ALLOW);
        assertThat(subscribe(policy, "devices/d1")).isEqualTo(AccessDecision.ALLOW);
        assertThat(subscribe(policy, "status/+")).isEqualTo(AccessDecision.ALLOW);
        assertThat(subscribe(policy, "status/online")).isEqualTo(AccessDecision.ALLOW);
        assertThat(subscribe(policy, "devices/+/state")).as("matches other devices too").isEqualTo(AccessDecision.DENY);
        assertThat(subscribe(policy, "devices/#")).isEqualTo(AccessDecision.DENY);
        assertThat(subscribe(policy, "status/#")).as("matches status/a/b too").isEqualTo(AccessDecision.DENY);
        assertThat(subscribe(policy, "#")).isEqualTo(AccessDecision.DENY);
        assertThat(publish(policy, "devices/d1/x")).isEqualTo(AccessDecision.DENY);
    }

    @Test
    void percentUAndPercentCAreTheUserNameAndTheClientIdentifier() {
        ClaimPolicy policy = new ClaimPolicy(permissions("users/%u/# devices/%c/out", "alice", "phone-1"),
                permissions(List.of("devices/%c/in/+"), "alice", "phone-1"));
        assertThat(publish(policy, "users/alice/notes")).isEqualTo(AccessDecision.ALLOW);
        assertThat(publish(policy, "devices/phone-1/out")).isEqualTo(AccessDecision.ALLOW);
        assertThat(publish(policy, "users/bob/notes")).isEqualTo(AccessDecision.DENY);
        assertThat(publish(policy, "devices/phone-2/out")).isEqualTo(AccessDecision.DENY);
        assertThat(subscribe(policy, "devices/phone-1/in/+")).isEqualTo(AccessDecision.ALLOW);
        assertThat(subscribe(policy, "devices/phone-2/in/+")).isEqualTo(AccessDecision.DENY);
        assertThat(dropped).isEmpty();
    }

    @Test
    void aSubstitutedValueWithSlashOrWildcardsGrantsNothing() {
        for (String clientId : List.of("a/b", "+", "#", "x+y")) {
            dropped.clear();
            Permissions granted = permissions(List.of("devices/%c/#", "public/#"), "alice", clientId);
            assertThat(granted.filters()).extracting(TopicFilter::toString).containsExactly("public/#");
            assertThat(dropped).singleElement().asString().contains("devices/%c/#");
        }
        dropped.clear();
        assertThat(permissions("users/%u/#", "eve/../bob", "c").filters()).isEmpty();
        assertThat(dropped).hasSize(1);
    }

    @Test
    void malformedFiltersAreDroppedAndTheRestKept() {
        Permissions granted = permissions(List.of("a/#/b", "ok/+", "x+"), "u", "c");
        assertThat(granted.filters()).extracting(TopicFilter::toString).containsExactly("ok/+");
        assertThat(dropped).hasSize(2);
    }

    @Test
    void aClaimThatIsNotStringsIsMalformed() {
        assertThatThrownBy(() -> permissions(42L, "u", "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> permissions(List.of("a", 1L), "u", "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> permissions(Map.of("a", "b"), "u", "c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyClaimGrantsNothing() {
        ClaimPolicy policy = new ClaimPolicy(permissions(List.of(), "u", "c"), permissions("", "u", "c"));
        assertThat(publish(policy, "a")).isEqualTo(AccessDecision.DENY);
        assertThat(subscribe(policy, "a")).isEqualTo(AccessDecision.DENY);
    }
}
