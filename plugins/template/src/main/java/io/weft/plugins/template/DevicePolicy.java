package io.weft.plugins.template;

import io.weft.spi.Qos;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.AccessPolicy;

/**
 * Immutable, asked on the device's reader thread for each PUBLISH and SUBSCRIBE, so it only compares strings:
 * a device publishes under {@code ROOT/ID/} and subscribes to filters under {@code ROOT/ID/} (its own topics,
 * wildcards allowed after the prefix), nothing else.
 */
final class DevicePolicy implements AccessPolicy {

    private final String prefix;

    DevicePolicy(String root, String clientId) {
        this.prefix = root + "/" + clientId + "/";
    }

    @Override
    public AccessDecision publish(String topic, Qos qos, boolean retain) {
        return topic.startsWith(prefix) ? AccessDecision.ALLOW : AccessDecision.DENY;
    }

    /** A filter is allowed when every topic it matches is under the prefix: the prefix has no wildcards. */
    @Override
    public AccessDecision subscribe(String filter, Qos qos) {
        return filter.startsWith(prefix) ? AccessDecision.ALLOW : AccessDecision.DENY;
    }

    @Override
    public String toString() {
        return "topics under " + prefix;
    }
}
