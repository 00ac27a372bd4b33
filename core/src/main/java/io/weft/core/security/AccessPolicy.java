package io.weft.core.security;

import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;

/**
 * What one authenticated connection may do, decided once at CONNECT and asked on every PUBLISH and
 * SUBSCRIBE. Called on the connection's reader thread before a PUBLISH enters the ring, so it must not
 * block. Answers {@link ReasonCode#SUCCESS} or a failure code such as {@link ReasonCode#NOT_AUTHORIZED}.
 * The plugin issue maps the SPI's access policy onto this seam.
 */
public interface AccessPolicy {

    /** Everything is allowed: the policy of anonymous access on the embedded defaults. */
    AccessPolicy ALLOW_ALL = new AccessPolicy() {
        @Override
        public ReasonCode checkPublish(String topic, QoS qos, boolean retain) {
            return ReasonCode.SUCCESS;
        }

        @Override
        public ReasonCode checkSubscribe(String filter, QoS qos) {
            return ReasonCode.SUCCESS;
        }
    };

    ReasonCode checkPublish(String topic, QoS qos, boolean retain);

    ReasonCode checkSubscribe(String filter, QoS qos);
}
