package io.weft.spi.auth;

import io.weft.spi.Qos;

/**
 * What one connection may do, decided at CONNECT and asked on each of its PUBLISH and SUBSCRIBE packets.
 *
 * <p><b>Thread:</b> called on the client's own virtual thread, before a PUBLISH enters the broker's dispatch ring,
 * so it is on the path of every message: it <b>must not block</b> and should be quick (a lookup in memory). It may
 * be shared between connections, so it must be thread-safe. <b>Throwing</b> counts as {@link AccessDecision#DENY}
 * and is logged with the plugin's name.
 *
 * @since 1.0
 */
public interface AccessPolicy {

    /** Allows everything. */
    AccessPolicy ALLOW_ALL = new AccessPolicy() {
        @Override
        public AccessDecision publish(String topic, Qos qos, boolean retain) {
            return AccessDecision.ALLOW;
        }

        @Override
        public AccessDecision subscribe(String filter, Qos qos) {
            return AccessDecision.ALLOW;
        }

        @Override
        public String toString() {
            return "ALLOW_ALL";
        }
    };

    /** Denies everything. */
    AccessPolicy DENY_ALL = new AccessPolicy() {
        @Override
        public AccessDecision publish(String topic, Qos qos, boolean retain) {
            return AccessDecision.DENY;
        }

        @Override
        public AccessDecision subscribe(String filter, Qos qos) {
            return AccessDecision.DENY;
        }

        @Override
        public String toString() {
            return "DENY_ALL";
        }
    };

    /** May the client publish to {@code topic} (a topic name, no wildcards)? */
    AccessDecision publish(String topic, Qos qos, boolean retain);

    /**
     * May the client subscribe to {@code filter}? A shared subscription ({@code $share/GROUP/FILTER}) is asked
     * about its FILTER part.
     */
    AccessDecision subscribe(String filter, Qos qos);

    /** Allows what both this policy and {@code other} allow. */
    default AccessPolicy and(AccessPolicy other) {
        if (other == ALLOW_ALL) {
            return this;
        }
        if (this == ALLOW_ALL) {
            return other;
        }
        AccessPolicy first = this;
        return new AccessPolicy() {
            @Override
            public AccessDecision publish(String topic, Qos qos, boolean retain) {
                return first.publish(topic, qos, retain).allowed() ? other.publish(topic, qos, retain)
                        : AccessDecision.DENY;
            }

            @Override
            public AccessDecision subscribe(String filter, Qos qos) {
                return first.subscribe(filter, qos).allowed() ? other.subscribe(filter, qos) : AccessDecision.DENY;
            }

            @Override
            public String toString() {
                return first + " and " + other;
            }
        };
    }
}
