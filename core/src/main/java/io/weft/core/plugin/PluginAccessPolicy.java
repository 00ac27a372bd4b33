package io.weft.core.plugin;

import io.weft.core.codec.QoS;
import io.weft.core.codec.ReasonCode;
import io.weft.core.security.AccessPolicy;
import io.weft.core.plugin.PluginTelemetry.FailureKind;

/**
 * A plugin's {@link io.weft.spi.auth.AccessPolicy} seen as the broker's: ALLOW is success, DENY is 0x87 Not
 * authorized, and a policy that throws or answers null denies and is counted and logged (rate-limited) with the
 * plugins' names. Called on the connection's reader thread on every PUBLISH and SUBSCRIBE, so it adds nothing but
 * the call and a try; no deadline can be put on it without a thread hop per message, which is why the SPI forbids
 * blocking in it.
 */
final class PluginAccessPolicy implements AccessPolicy {

    private final io.weft.spi.auth.AccessPolicy policy;
    /** The plugins whose policies make this one, for logs and metrics. */
    private final String plugins;
    private final PluginCalls calls;

    private PluginAccessPolicy(io.weft.spi.auth.AccessPolicy policy, String plugins, PluginCalls calls) {
        this.policy = policy;
        this.plugins = plugins;
        this.calls = calls;
    }

    /** The broker's policy for {@code policy}: the broker's own allow-all when it allows everything. */
    static AccessPolicy of(io.weft.spi.auth.AccessPolicy policy, String plugins, PluginCalls calls) {
        return policy == io.weft.spi.auth.AccessPolicy.ALLOW_ALL ? AccessPolicy.ALLOW_ALL
                : new PluginAccessPolicy(policy, plugins, calls);
    }

    @Override
    public ReasonCode checkPublish(String topic, QoS qos, boolean retain) {
        try {
            return answer(policy.publish(topic, Events.qos(qos), retain), "publish");
        } catch (RuntimeException | LinkageError failure) {
            return failed("publish", failure);
        }
    }

    @Override
    public ReasonCode checkSubscribe(String filter, QoS qos) {
        try {
            return answer(policy.subscribe(filter, Events.qos(qos)), "subscribe");
        } catch (RuntimeException | LinkageError failure) {
            return failed("subscribe", failure);
        }
    }

    private ReasonCode answer(io.weft.spi.auth.AccessDecision decision, String operation) {
        if (decision == null) {
            calls.telemetry().failed(plugins, operation, FailureKind.NO_ANSWER);
            calls.logFailure(plugins, operation, "access policy answered null; denied", null);
            return ReasonCode.NOT_AUTHORIZED;
        }
        return decision.allowed() ? ReasonCode.SUCCESS : ReasonCode.NOT_AUTHORIZED;
    }

    private ReasonCode failed(String operation, Throwable failure) {
        calls.telemetry().failed(plugins, operation, FailureKind.EXCEPTION);
        calls.logFailure(plugins, operation, "access policy failed; denied", failure);
        return ReasonCode.NOT_AUTHORIZED;
    }

    @Override
    public String toString() {
        return "policy of " + plugins + ": " + policy;
    }
}
