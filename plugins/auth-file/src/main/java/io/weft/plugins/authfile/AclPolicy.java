package io.weft.plugins.authfile;

import io.weft.spi.PluginMetrics;
import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.TopicFilter;

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

    private final TopicFilter[] denied;
    private final TopicFilter[] readable;
    private final TopicFilter[] writable;
    private final PluginMetrics.Counter denials;
    private final String user;
    private final String clientId;

    AclPolicy(List<TopicFilter> denied, List<TopicFilter> readable, List<TopicFilter> writable,
              PluginMetrics.Counter denials, String user, String clientId) {
        this.denied = denied.toArray(TopicFilter[]::new);
        this.readable = readable.toArray(TopicFilter[]::new);
        this.writable = writable.toArray(TopicFilter[]::new);
        this.denials = denials;
        this.user = user;
        this.clientId = clientId;
    }

    @Override
    public AccessDecision publish(String topic, Qos qos, boolean retain) {
        for (TopicFilter filter : denied) {
            if (filter.matches(topic)) {
                return refuse("publish");
            }
        }
        for (TopicFilter filter : writable) {
            if (filter.matches(topic)) {
                return AccessDecision.ALLOW;
            }
        }
        return refuse("publish");
    }

    @Override
    public AccessDecision subscribe(String filter, Qos qos) {
        TopicFilter requested = TopicFilter.parse(filter); // the broker passes valid filters only
        for (TopicFilter deny : denied) {
            if (deny.overlaps(requested)) {
                return refuse("subscribe");
            }
        }
        for (TopicFilter read : readable) {
            if (read.covers(requested)) {
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
