package io.weft.plugins.authfile;

import io.weft.spi.PluginMetrics;
import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.AccessPolicy;

import java.util.List;

/**
 * Thread-safe (immutable): the ACL rules that apply to one connection, made at CONNECT by
 * {@link AccessControlList#policyFor} and asked on the client's virtual thread for each PUBLISH and SUBSCRIBE.
 * Each check is a few filter matches in memory; it never blocks.
 *
 * <p>Deny rules win: a topic one of them matches cannot be published to, and a filter that overlaps one cannot be
 * subscribed to (the broker checks subscriptions, not each delivery, so a subscription must not be able to
 * receive anything denied). Otherwise a publish needs a write rule matching the topic, and a subscription a read
 * rule whose filter covers the requested one, that is matches every topic it could match.
 */
final class AclPolicy implements AccessPolicy {

    private final String[][] denied;
    private final String[][] readable;
    private final String[][] writable;
    private final PluginMetrics.Counter denials;
    private final String user;
    private final String clientId;

    AclPolicy(List<String[]> denied, List<String[]> readable, List<String[]> writable,
              PluginMetrics.Counter denials, String user, String clientId) {
        this.denied = denied.toArray(String[][]::new);
        this.readable = readable.toArray(String[][]::new);
        this.writable = writable.toArray(String[][]::new);
        this.denials = denials;
        this.user = user;
        this.clientId = clientId;
    }

    @Override
    public AccessDecision publish(String topic, Qos qos, boolean retain) {
        String[] levels = TopicFilters.levels(topic);
        for (String[] filter : denied) {
            if (TopicFilters.matches(filter, levels)) {
                return refuse("publish");
            }
        }
        for (String[] filter : writable) {
            if (TopicFilters.matches(filter, levels)) {
                return AccessDecision.ALLOW;
            }
        }
        return refuse("publish");
    }

    @Override
    public AccessDecision subscribe(String filter, Qos qos) {
        String[] levels = TopicFilters.levels(filter);
        for (String[] deny : denied) {
            if (TopicFilters.overlaps(deny, levels)) {
                return refuse("subscribe");
            }
        }
        for (String[] read : readable) {
            if (TopicFilters.covers(read, levels)) {
                return AccessDecision.ALLOW;
            }
        }
        return refuse("subscribe");
    }

    private AccessDecision refuse(String action) {
        denials.increment(action);
        return AccessDecision.DENY;
    }

    @Override
    public String toString() {
        return "acl-file policy of user " + (user == null ? "(anonymous)" : user) + ", client " + clientId + ": "
                + denied.length + " deny, " + readable.length + " read, " + writable.length + " write rules";
    }
}
