package io.weft.core.plugin;

import io.weft.spi.Plugin;
import io.weft.spi.PluginConfig;
import io.weft.spi.PluginConfigException;
import io.weft.spi.PluginContext;
import io.weft.spi.PluginProvider;
import io.weft.spi.Qos;
import io.weft.spi.SpiVersion;
import io.weft.spi.auth.AccessDecision;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.AuthenticationExchange;
import io.weft.spi.auth.AuthenticationPhase;
import io.weft.spi.auth.AuthenticationStep;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.Authorizer;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.ConnectReason;
import io.weft.spi.auth.EnhancedAuthenticator;
import io.weft.spi.auth.Principal;
import io.weft.spi.bridge.Bridge;
import io.weft.spi.bridge.BridgedMessage;
import io.weft.spi.bridge.BrokerPublisher;
import io.weft.spi.event.BrokerEvent;
import io.weft.spi.event.BrokerEventListener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Plugins for the broker's own plugin tests, registered in core's test META-INF/services. */
public final class TestPlugins {

    /** Events each {@code test-listener} instance received, by instance name. */
    public static final Map<String, List<BrokerEvent>> EVENTS = new ConcurrentHashMap<>();
    /** Instances of {@code test-users} closed, by name: counts closes. */
    public static final Map<String, AtomicInteger> CLOSED = new ConcurrentHashMap<>();
    /** Released by tests to let {@code test-listener} with {@code block: true} go on. */
    public static final CountDownLatch RELEASE = new CountDownLatch(1);

    private TestPlugins() {
    }

    private abstract static class Base implements PluginProvider {
        @Override
        public int spiVersion() {
            return SpiVersion.MAJOR;
        }
    }

    /** Denies publishing and subscribing under any of the prefixes. */
    static AccessPolicy denying(List<String> prefixes, String throwOn) {
        return new AccessPolicy() {
            @Override
            public AccessDecision publish(String topic, Qos qos, boolean retain) {
                if (topic.equals(throwOn)) {
                    throw new IllegalStateException("policy broken for " + topic);
                }
                return prefixes.stream().anyMatch(topic::startsWith) ? AccessDecision.DENY : AccessDecision.ALLOW;
            }

            @Override
            public AccessDecision subscribe(String filter, Qos qos) {
                return publish(filter, qos, false);
            }
        };
    }

    /** {@code users: {name: password}}, {@code deny: [prefixes]}: users in the section, others abstained on. */
    public static final class Users extends Base {
        @Override
        public String type() {
            return "test-users";
        }

        @Override
        public Plugin create(PluginContext context) throws PluginConfigException {
            PluginConfig config = context.config();
            config.allowOnly("users", "deny");
            Map<String, Object> users = config.section("users").asMap();
            List<String> deny = config.list("deny");
            String name = context.name();
            return new Authenticator() {
                @Override
                public AuthenticationDecision authenticate(ConnectAttempt attempt) {
                    Object password = attempt.username() == null ? null : users.get(attempt.username());
                    if (password == null) {
                        return AuthenticationDecision.abstain();
                    }
                    if (!password.equals(attempt.passwordText())) {
                        return AuthenticationDecision.deny(ConnectReason.BAD_USER_NAME_OR_PASSWORD, "wrong password");
                    }
                    return AuthenticationDecision.allow(Principal.of(attempt.username()), denying(deny, null));
                }

                @Override
                public void close() {
                    CLOSED.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
                }
            };
        }
    }

    /** An authorizer: {@code read-only: prefix} may not be published to; {@code throw-on: topic} breaks the policy. */
    public static final class Acl extends Base {
        @Override
        public String type() {
            return "test-acl";
        }

        @Override
        public Plugin create(PluginContext context) throws PluginConfigException {
            List<String> readOnly = context.config().list("read-only");
            String throwOn = context.config().string("throw-on", "");
            return (Authorizer) (attempt, principal) -> new AccessPolicy() {
                @Override
                public AccessDecision publish(String topic, Qos qos, boolean retain) {
                    return denying(readOnly, throwOn).publish(topic, qos, retain);
                }

                @Override
                public AccessDecision subscribe(String filter, Qos qos) {
                    return AccessDecision.ALLOW;
                }
            };
        }
    }

    /** Takes {@code delay} (ignoring interrupts when {@code stubborn: true}), then abstains. */
    public static final class Slow extends Base {
        @Override
        public String type() {
            return "test-slow";
        }

        @Override
        public Plugin create(PluginContext context) throws PluginConfigException {
            Duration delay = context.config().duration("delay", Duration.ofMinutes(1));
            boolean stubborn = context.config().bool("stubborn", false);
            CountDownLatch never = new CountDownLatch(1); // a service that answers only after the delay
            return (Authenticator) attempt -> {
                long until = System.nanoTime() + delay.toNanos();
                for (long left = delay.toNanos(); left > 0; left = until - System.nanoTime()) {
                    try {
                        never.await(left, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException interrupted) {
                        if (!stubborn) {
                            throw new IllegalStateException("interrupted", interrupted);
                        }
                    }
                }
                return AuthenticationDecision.abstain();
            };
        }
    }

    /** Throws from authenticate; {@code fail: create} throws from create, {@code fail: config} a config error. */
    public static final class Crash extends Base {
        @Override
        public String type() {
            return "test-crash";
        }

        @Override
        public Plugin create(PluginContext context) throws PluginConfigException {
            String fail = context.config().string("fail", "authenticate");
            switch (fail) {
                case "create" -> throw new IllegalStateException("cannot start");
                case "config" -> throw context.config().invalid("fail", "is wrong on purpose");
                case "null" -> {
                    return (Authenticator) attempt -> null;
                }
                default -> {
                    return (Authenticator) attempt -> {
                        throw new IllegalStateException("identity service down");
                    };
                }
            }
        }
    }

    /** Records events in {@link #EVENTS}; {@code block: true} waits for {@link #RELEASE}; {@code fail: true} throws. */
    public static final class Listener extends Base {
        @Override
        public String type() {
            return "test-listener";
        }

        @Override
        public Plugin create(PluginContext context) throws PluginConfigException {
            boolean block = context.config().bool("block", false);
            boolean fail = context.config().bool("fail", false);
            List<String> only = context.config().list("only");
            List<BrokerEvent> events = EVENTS.computeIfAbsent(context.name(), key -> new CopyOnWriteArrayList<>());
            return new BrokerEventListener() {
                @Override
                public void onEvent(BrokerEvent event) {
                    events.add(event);
                    if (block) {
                        try {
                            RELEASE.await();
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    if (fail) {
                        throw new IllegalStateException("listener broken");
                    }
                }

                @Override
                public Set<Class<? extends BrokerEvent>> interests() {
                    return only.isEmpty() ? BrokerEvent.ALL_TYPES : Set.copyOf(BrokerEvent.ALL_TYPES.stream()
                            .filter(type -> only.contains(type.getSimpleName())).toList());
                }
            };
        }
    }

    /** Method TEST-ECHO: challenges with the client id, expects it back. */
    public static final class Echo extends Base {
        @Override
        public String type() {
            return "test-echo";
        }

        @Override
        public Plugin create(PluginContext context) {
            return new EnhancedAuthenticator() {
                @Override
                public Set<String> methods() {
                    return Set.of("TEST-ECHO");
                }

                @Override
                public AuthenticationExchange open(String method, ConnectAttempt attempt, AuthenticationPhase phase) {
                    byte[] expected = attempt.clientId().getBytes(StandardCharsets.UTF_8);
                    return new AuthenticationExchange() {
                        @Override
                        public AuthenticationStep begin(byte[] data) {
                            return new AuthenticationStep.Challenge(expected);
                        }

                        @Override
                        public AuthenticationStep respond(byte[] data) {
                            return Arrays.equals(data, expected)
                                    ? new AuthenticationStep.Success(Principal.of(attempt.clientId()),
                                            AccessPolicy.ALLOW_ALL, null)
                                    : new AuthenticationStep.Failure(ConnectReason.NOT_AUTHORIZED, "wrong echo");
                        }
                    };
                }
            };
        }
    }

    /** Plays no role. */
    public static final class Idle extends Base {
        @Override
        public String type() {
            return "test-idle";
        }

        @Override
        public Plugin create(PluginContext context) {
            return new Plugin() {
            };
        }
    }

    /** A bridge, which this broker does not run yet. */
    public static final class Forwarder extends Base {
        @Override
        public String type() {
            return "test-bridge";
        }

        @Override
        public Plugin create(PluginContext context) {
            return new Bridge() {
                @Override
                public List<String> exportedFilters() {
                    return List.of("#");
                }

                @Override
                public void start(BrokerPublisher publisher) {
                }

                @Override
                public void forward(BridgedMessage message) {
                }
            };
        }
    }
}
