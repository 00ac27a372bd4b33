package io.weft.plugins.authjwt;

import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.TopicFilter;

import java.util.Objects;

/**
 * Thread-safe (immutable): called on the client's virtual thread for each PUBLISH and SUBSCRIBE, where a check
 * walks a short list of filters in memory, never blocking. The access policy of one connection, made
 * from its token's permission claims at CONNECT.
 */
final class ClaimPolicy implements AccessPolicy {

    private final Permissions publish;
    private final Permissions subscribe;

    ClaimPolicy(Permissions publish, Permissions subscribe) {
        this.publish = Objects.requireNonNull(publish, "publish");
        this.subscribe = Objects.requireNonNull(subscribe, "subscribe");
    }

    @Override
    public AccessDecision publish(String topic, Qos qos, boolean retain) {
        return publish.allowsTopic(topic) ? AccessDecision.ALLOW : AccessDecision.DENY;
    }

    /** Allowed only when one granted filter covers every topic that {@code filter} matches. */
    @Override
    public AccessDecision subscribe(String filter, Qos qos) {
        // the broker passes valid filters only
        return subscribe.allowsFilter(TopicFilter.parse(filter)) ? AccessDecision.ALLOW : AccessDecision.DENY;
    }

    Permissions publishPermissions() {
        return publish;
    }

    Permissions subscribePermissions() {
        return subscribe;
    }

    @Override
    public String toString() {
        return "ClaimPolicy[publish=" + publish + ", subscribe=" + subscribe + "]";
    }
}
