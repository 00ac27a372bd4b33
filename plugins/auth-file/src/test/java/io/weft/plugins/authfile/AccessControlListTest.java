package io.weft.plugins.authfile;

import io.weft.spi.PluginMetrics;
import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.AccessPolicy;
import io.weft.testkit.RecordingMetrics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.weft.spi.auth.AccessDecision.ALLOW;
import static io.weft.spi.auth.AccessDecision.DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessControlListTest {

    private static final Path FILE = Path.of("/etc/weft/acl");

    private final RecordingMetrics metrics = new RecordingMetrics();
    private final PluginMetrics.Counter denials = metrics.counter("acl_denials", "denials", "action");

    private static AccessControlList parse(String... lines) throws FileFormatException {
        return AccessControlList.parse(FILE, List.of(lines));
    }

    private AccessPolicy policy(AccessControlList acl, String user, String clientId) {
        return acl.policyFor(user, clientId, denials);
    }

    private static AccessDecision publish(AccessPolicy policy, String topic) {
        return policy.publish(topic, Qos.AT_LEAST_ONCE, false);
    }

    private static AccessDecision subscribe(AccessPolicy policy, String filter) {
        return policy.subscribe(filter, Qos.AT_LEAST_ONCE);
    }

    @Test
    void everyBadLineIsReportedWithFileAndLine() {
        assertThatThrownBy(() -> parse(
                "# comment",
                "topic read ok/#",
                "topik read a",
                "topic read a/#/b",
                "user",
                "pattern write devices/%c+/x",
                "topic",
                "client"))
                .isInstanceOf(FileFormatException.class)
                .hasMessage("/etc/weft/acl:3: unknown keyword 'topik'; expected topic, pattern, user or client; "
                        + "/etc/weft/acl:4: '#' must be a whole level and the last one in 'a/#/b' "
                        + "([MQTT-4.7.1-2] in 3.1.1, [MQTT-4.7.1-1] in 5.0); "
                        + "/etc/weft/acl:5: user needs a name; "
                        + "/etc/weft/acl:6: '+' must be a whole level in 'devices/c+/x' "
                        + "([MQTT-4.7.1-3] in 3.1.1, [MQTT-4.7.1-2] in 5.0); "
                        + "/etc/weft/acl:7: topic needs a topic filter; "
                        + "/etc/weft/acl:8: client needs a name");
    }

    @Test
    void rulesBeforeAnyUserLineApplyToEveryoneAndTheAccessWordIsOptional() throws FileFormatException {
        AccessControlList acl = parse("topic public/#", "topic read news/#", "topic write a b/c", "user alice",
                "topic write alice/#");
        assertThat(acl.ruleCount()).isEqualTo(4);
        for (String user : new String[] {null, "alice", "bob"}) {
            AccessPolicy policy = policy(acl, user, "c1");
            assertThat(publish(policy, "public/x")).isEqualTo(ALLOW);
            assertThat(subscribe(policy, "public/#")).isEqualTo(ALLOW);
            assertThat(subscribe(policy, "news/+")).isEqualTo(ALLOW);
            assertThat(publish(policy, "news/today")).isEqualTo(DENY);
            assertThat(publish(policy, "a b/c")).isEqualTo(ALLOW); // a filter with a space needs the access word
            assertThat(publish(policy, "private")).isEqualTo(DENY);
        }
        assertThat(publish(policy(acl, "alice", "c1"), "alice/x")).isEqualTo(ALLOW);
        assertThat(publish(policy(acl, "bob", "c1"), "alice/x")).isEqualTo(DENY);
        assertThat(publish(policy(acl, null, "alice"), "alice/x")).as("a user block is not a client block")
                .isEqualTo(DENY);
    }

    @Test
    void clientBlocksApplyToTheClientIdentifierWhoeverTheUser() throws FileFormatException {
        AccessControlList acl = parse("user alice", "topic read alice/#", "client sensor-7",
                "topic write sensors/7/#", "user alice", "topic write alice/out");
        AccessPolicy sensor = policy(acl, "alice", "sensor-7");
        assertThat(publish(sensor, "sensors/7/temp")).isEqualTo(ALLOW);
        assertThat(subscribe(sensor, "alice/#")).isEqualTo(ALLOW);
        assertThat(publish(sensor, "alice/out")).as("a user's blocks add up").isEqualTo(ALLOW);
        assertThat(publish(policy(acl, null, "sensor-7"), "sensors/7/temp")).isEqualTo(ALLOW);
        assertThat(publish(policy(acl, "alice", "sensor-8"), "sensors/7/temp")).isEqualTo(DENY);
    }

    @Test
    @DisplayName("deny rules win over any grant, for publish and for every subscription that could receive a denied topic")
    void denyWins() throws FileFormatException {
        AccessControlList acl = parse("topic readwrite #", "topic deny secret/#", "user alice",
                "topic readwrite secret/alice");
        AccessPolicy alice = policy(acl, "alice", "c1");
        assertThat(publish(alice, "secret/alice")).isEqualTo(DENY);
        assertThat(publish(alice, "secret")).isEqualTo(DENY);
        assertThat(publish(alice, "public/x")).isEqualTo(ALLOW);
        assertThat(subscribe(alice, "public/#")).isEqualTo(ALLOW);
        assertThat(subscribe(alice, "#")).isEqualTo(DENY);
        assertThat(subscribe(alice, "+/alice")).isEqualTo(DENY);
        assertThat(subscribe(alice, "secret/alice")).isEqualTo(DENY);
        assertThat(metrics.counterValue("acl_denials", "publish")).isEqualTo(2);
        assertThat(metrics.counterValue("acl_denials", "subscribe")).isEqualTo(3);
    }

    @Test
    @DisplayName("[MQTT-4.7.1-2] a wildcard subscription needs a read rule that matches every topic it could match")
    void wildcardSubscriptionsMustBeCovered() throws FileFormatException {
        AccessControlList acl = parse("topic read sensors/+/temp", "topic read logs/#", "topic write sensors/#");
        AccessPolicy policy = policy(acl, "u", "c");
        assertThat(subscribe(policy, "sensors/+/temp")).isEqualTo(ALLOW);
        assertThat(subscribe(policy, "sensors/1/temp")).isEqualTo(ALLOW);
        assertThat(subscribe(policy, "sensors/#")).as("write does not give read").isEqualTo(DENY);
        assertThat(subscribe(policy, "sensors/+/+")).isEqualTo(DENY);
        assertThat(subscribe(policy, "logs")).isEqualTo(ALLOW);
        assertThat(subscribe(policy, "logs/+/error")).isEqualTo(ALLOW);
        assertThat(subscribe(policy, "#")).isEqualTo(DENY);
        assertThat(publish(policy, "sensors/1/temp")).isEqualTo(ALLOW);
        assertThat(publish(policy, "logs/x")).as("read does not give write").isEqualTo(DENY);
    }

    @Test
    @DisplayName("[MQTT-4.7.2-1] '#' rules do not reach $ topics")
    void dollarTopicsNeedRulesOfTheirOwn() throws FileFormatException {
        AccessControlList acl = parse("topic readwrite #", "user admin", "topic read $SYS/#");
        assertThat(publish(policy(acl, "u", "c"), "$SYS/broker/x")).isEqualTo(DENY);
        assertThat(subscribe(policy(acl, "u", "c"), "$SYS/#")).isEqualTo(DENY);
        assertThat(subscribe(policy(acl, "admin", "c"), "$SYS/broker/+")).isEqualTo(ALLOW);
    }

    @Test
    void patternsSubstituteUserAndClientForEveryone() throws FileFormatException {
        AccessControlList acl = parse("user alice", "topic read x", "pattern readwrite users/%u/#",
                "pattern write devices/%c/out", "pattern read devices/dev-%c/in");
        AccessPolicy alice = policy(acl, "alice", "d1");
        assertThat(publish(alice, "users/alice/notes")).isEqualTo(ALLOW);
        assertThat(subscribe(alice, "users/alice/#")).isEqualTo(ALLOW);
        assertThat(publish(alice, "users/bob/notes")).isEqualTo(DENY);
        assertThat(publish(alice, "devices/d1/out")).isEqualTo(ALLOW);
        assertThat(publish(alice, "devices/d2/out")).isEqualTo(DENY);
        assertThat(subscribe(alice, "devices/dev-d1/in")).isEqualTo(ALLOW);
        AccessPolicy anonymous = policy(acl, null, "d2");
        assertThat(publish(anonymous, "devices/d2/out")).isEqualTo(ALLOW);
        assertThat(subscribe(anonymous, "users/+/#")).isEqualTo(DENY);
    }

    @Test
    void aSubstitutedValueIsNotSubstitutedAgain() throws FileFormatException {
        AccessControlList acl = parse("pattern write a/%c/%u");
        assertThat(publish(policy(acl, "bob", "%u"), "a/%u/bob")).isEqualTo(ALLOW);
        assertThat(publish(policy(acl, "bob", "%u"), "a/bob/bob")).isEqualTo(DENY);
    }

    @Test
    @DisplayName("a user name or client id with +, # or / cannot widen a pattern: the grant is dropped")
    void wildcardNamesDoNotWidenGrants() throws FileFormatException {
        AccessControlList acl = parse("pattern readwrite devices/%c/#", "pattern read users/%u/inbox");
        assertThat(publish(policy(acl, "u", "#"), "devices/other/x")).isEqualTo(DENY);
        assertThat(publish(policy(acl, "u", "+"), "devices/other/x")).isEqualTo(DENY);
        assertThat(publish(policy(acl, "u", "a/b"), "devices/a/b/x")).isEqualTo(DENY);
        assertThat(subscribe(policy(acl, "+", "c"), "users/bob/inbox")).isEqualTo(DENY);
        assertThat(subscribe(policy(acl, "", "c"), "users//inbox")).isEqualTo(DENY);
        assertThat(subscribe(policy(acl, "bob", "c"), "users/bob/inbox")).isEqualTo(ALLOW);
    }

    @Test
    @DisplayName("a deny pattern that cannot name the client denies everything from that level down")
    void wildcardNamesWidenDenials() throws FileFormatException {
        AccessControlList acl = parse("topic readwrite #", "pattern deny private/%c/#", "pattern deny home/%u");
        AccessPolicy plus = policy(acl, "u", "+");
        assertThat(publish(plus, "private/anyone/x")).isEqualTo(DENY);
        assertThat(publish(plus, "public/x")).isEqualTo(ALLOW);
        assertThat(publish(policy(acl, "u", "ok"), "private/other/x")).isEqualTo(ALLOW);
        assertThat(publish(policy(acl, "u", "ok"), "private/ok/x")).isEqualTo(DENY);
        assertThat(publish(policy(acl, null, "ok"), "home/anyone")).as("anonymous: no user to name")
                .isEqualTo(DENY);
        assertThat(publish(policy(acl, "u", "ok"), "home/anyone")).isEqualTo(ALLOW);
    }

    @Test
    void withoutRulesNothingIsAllowed() throws FileFormatException {
        AccessPolicy policy = policy(parse("# nothing"), "u", "c");
        assertThat(publish(policy, "a")).isEqualTo(DENY);
        assertThat(subscribe(policy, "a")).isEqualTo(DENY);
        assertThat(policy.toString()).contains("user u", "client c");
    }
}
