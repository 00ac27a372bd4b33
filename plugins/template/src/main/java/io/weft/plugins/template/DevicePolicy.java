package io.weft.plugins.template;

import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.TopicFilter;

/**
 * Immutable, asked on the device's reader thread for each PUBLISH and SUBSCRIBE, so it only matches parsed
 * {@link TopicFilter}s, which never allocate or block: a device publishes under {@code ROOT/ID/} and subscribes to
 * filters within {@code ROOT/ID/#} (its own topics, wildcards allowed after the prefix), nothing else.
 */
final class DevicePolicy implements AccessPolicy {

    private final TopicFilter publishable;
    private final TopicFilter subscribable;

    /** {@code root} and {@code clientId} hold no wildcard, and the client id no '/': the authenticator checks. */
    DevicePolicy(String root, String clientId) {
        String prefix = root + "/" + clientId;
        this.publishable = TopicFilter.parse(prefix + "/+/#"); // under the prefix: '/#' alone would add ROOT/ID
        this.subscribable = TopicFilter.parse(prefix + "/#");
    }

    @Override
    public AccessDecision publish(String topic, Qos qos, boolean retain) {
        return publishable.matches(topic) ? AccessDecision.ALLOW : AccessDecision.DENY;
    }

    /** A filter is allowed when every topic it can match is the device's own. */
    @Override
    public AccessDecision subscribe(String filter, Qos qos) {
        // the broker passes valid filters only, so parse does not throw
        return subscribable.covers(TopicFilter.parse(filter)) ? AccessDecision.ALLOW : AccessDecision.DENY;
    }

    @Override
    public String toString() {
        return "publish " + publishable + ", subscribe within " + subscribable;
    }
}
