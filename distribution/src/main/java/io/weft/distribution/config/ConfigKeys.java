package io.weft.distribution.config;

import io.weft.core.AnonymousAccess;
import io.weft.core.BrokerSettings;
import io.weft.core.MetricsSettings;
import io.weft.core.QueueOverflowPolicy;
import io.weft.core.SharedStrategy;
import io.weft.core.store.Durability;
import io.weft.core.store.JournalRoll;
import io.weft.core.store.Persistence;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static io.weft.distribution.config.ValueType.bool;
import static io.weft.distribution.config.ValueType.choice;
import static io.weft.distribution.config.ValueType.duration;
import static io.weft.distribution.config.ValueType.integer;
import static io.weft.distribution.config.ValueType.largeSize;
import static io.weft.distribution.config.ValueType.optionalPort;
import static io.weft.distribution.config.ValueType.optionalText;
import static io.weft.distribution.config.ValueType.path;
import static io.weft.distribution.config.ValueType.port;
import static io.weft.distribution.config.ValueType.powerOfTwo;
import static io.weft.distribution.config.ValueType.size;
import static io.weft.distribution.config.ValueType.text;

/**
 * The table of configuration keys. The loader, {@code --help}, docs/configuration.md and the sample
 * conf/weft.yaml are all driven from it: adding a BrokerSettings component means adding one line here.
 */
public final class ConfigKeys {

    private static final Optional<String> NO_SHORT_OPTION = Optional.empty();

    private static final List<ConfigKey<?>> ALL = List.of(
            new ConfigKey<>("listener.bind", text("address", "an IP address or host name"), "bindAddress", Optional.of("--bind"),
                    "Address the MQTT listener binds to; 0.0.0.0 listens on every interface."),
            new ConfigKey<>("listener.port", port(), "port", Optional.of("--port"),
                    "TCP port of the MQTT listener; 0 picks a free port (printed in the ready line)."),
            new ConfigKey<>("listener.max-connections", integer(0, Integer.MAX_VALUE),
                    "limits.listenerMaximumConnections", NO_SHORT_OPTION,
                    "Open connections on this listener, 0 for no limit; beyond it CONNECT gets 0x89 Server busy "
                    + "(3.x: 0x03)."),
            new ConfigKey<>("data-dir", path(), "dataDirectory", NO_SHORT_OPTION,
                    "Directory for durable state, created if missing; relative to the working directory."),
            new ConfigKey<>("mqtt.max-packet-size", size(16, BrokerSettings.PROTOCOL_MAXIMUM_PACKET_SIZE),
                    "maximumPacketSize", NO_SHORT_OPTION,
                    "Largest packet accepted from a client, in bytes; larger ones close the connection."),
            new ConfigKey<>("mqtt.connect-timeout", duration(), "connectTimeout", NO_SHORT_OPTION,
                    "How long a new connection may take to send its CONNECT packet."),
            new ConfigKey<>("mqtt.inflight-window", integer(1, 65535), "inflightWindow", NO_SHORT_OPTION,
                    "QoS 1 and 2 messages in flight towards one client, before its own Receive Maximum."),
            new ConfigKey<>("mqtt.max-queued-messages", integer(0, Integer.MAX_VALUE), "maximumQueuedMessages",
                    NO_SHORT_OPTION, "Messages queued per session beyond the inflight window."),
            new ConfigKey<>("mqtt.receive-maximum", integer(1, 65535), "protocol.receiveMaximum", NO_SHORT_OPTION,
                    "QoS 1/2 messages a client may have unacknowledged towards the broker (announced as Receive "
                    + "Maximum); more is DISCONNECT 0x93."),
            new ConfigKey<>("mqtt.topic-alias-maximum", integer(0, 65535), "protocol.topicAliasMaximum",
                    NO_SHORT_OPTION, "Topic aliases a 5.0 client may use towards the broker, 0 for none."),
            new ConfigKey<>("mqtt.outbound-topic-aliases", integer(0, 65535), "protocol.outboundTopicAliases",
                    NO_SHORT_OPTION, "Topic aliases the broker assigns towards a 5.0 client that accepts them "
                    + "(at most the client's own maximum), 0 for none."),
            new ConfigKey<>("mqtt.max-keep-alive", integer(1, 65535), "protocol.maximumKeepAliveSeconds",
                    NO_SHORT_OPTION, "Longest keep alive in seconds; a 5.0 client asking for more gets Server Keep "
                    + "Alive, a 3.x client CONNACK 0x02; 65535 accepts any."),
            new ConfigKey<>("mqtt.maximum-qos", integer(0, 2), "protocol.maximumQos", NO_SHORT_OPTION,
                    "Highest QoS accepted from and granted to clients."),
            new ConfigKey<>("mqtt.retain-available", bool(), "protocol.retainAvailable", NO_SHORT_OPTION,
                    "Whether retained messages are accepted."),
            new ConfigKey<>("mqtt.wildcard-subscriptions", bool(), "protocol.wildcardSubscriptions",
                    NO_SHORT_OPTION, "Whether topic filters with + and # are accepted."),
            new ConfigKey<>("mqtt.subscription-identifiers", bool(), "protocol.subscriptionIdentifiers",
                    NO_SHORT_OPTION, "Whether 5.0 subscription identifiers are accepted."),
            new ConfigKey<>("mqtt.shared-subscriptions", bool(), "protocol.sharedSubscriptions", NO_SHORT_OPTION,
                    "Whether $share/group/filter subscriptions are accepted."),
            new ConfigKey<>("mqtt.response-information", optionalText("text", "any text, empty for none"),
                    "protocol.responseInformation", NO_SHORT_OPTION,
                    "Prefix returned as Response Information (followed by the client id) to a 5.0 client that "
                    + "requests it; empty sends none."),
            new ConfigKey<>("shared.strategy", choice(SharedStrategy.class, SharedStrategy::configName),
                    "shared.strategy", NO_SHORT_OPTION, "Which member of a shared subscription group gets a "
                    + "message: round-robin, sticky (one member while connected) or hashed (by publisher)."),
            new ConfigKey<>("shared.max-queued-messages", integer(0, Integer.MAX_VALUE),
                    "shared.maximumQueuedMessages", NO_SHORT_OPTION,
                    "QoS 1/2 messages a shared subscription group keeps while none of its members is connected."),
            new ConfigKey<>("limits.max-connections", integer(0, Integer.MAX_VALUE), "limits.maximumConnections",
                    NO_SHORT_OPTION, "Open connections in the whole broker, 0 for no limit; beyond it CONNECT "
                    + "gets 0x89 Server busy (3.x: 0x03)."),
            new ConfigKey<>("limits.connection-rate", integer(0, Integer.MAX_VALUE), "limits.connectionRate",
                    NO_SHORT_OPTION, "New connections per second, 0 for no limit; beyond it CONNECT gets 0x9F "
                    + "(3.x: 0x03)."),
            new ConfigKey<>("limits.publish-rate", integer(0, Integer.MAX_VALUE), "limits.publishRate",
                    NO_SHORT_OPTION, "PUBLISH packets per second read from one client, 0 for no limit; beyond "
                    + "it the broker reads the client's socket more slowly."),
            new ConfigKey<>("limits.bandwidth", largeSize(0), "limits.bandwidth", NO_SHORT_OPTION,
                    "Bytes per second read from one client, 0 for no limit; beyond it the broker reads the "
                    + "client's socket more slowly."),
            new ConfigKey<>("limits.throttle-tolerance", duration(), "limits.throttleTolerance", NO_SHORT_OPTION,
                    "A client held back by the publish rate or bandwidth this long without a break gets "
                    + "DISCONNECT 0x96 (3.x: close)."),
            new ConfigKey<>("limits.max-queued-bytes", largeSize(0), "limits.maximumQueuedBytes", NO_SHORT_OPTION,
                    "Payload bytes queued for one session, at most an eighth of limits.queued-memory; beyond it new "
                    + "messages are dropped and counted."),
            new ConfigKey<>("limits.qos0-overflow", choice(QueueOverflowPolicy.class, QueueOverflowPolicy::configName),
                    "limits.qos0Overflow", NO_SHORT_OPTION, "Which QoS 0 message a full queue drops."),
            new ConfigKey<>("limits.queued-memory", largeSize(0), "limits.queuedMemory", NO_SHORT_OPTION,
                    "Payload bytes queued in all sessions together before publishers are slowed down; 0 is a "
                    + "quarter of the maximum heap."),
            new ConfigKey<>("sys.enabled", bool(), "sys.enabled", NO_SHORT_OPTION,
                    "Whether the broker publishes its statistics under $SYS/broker/."),
            new ConfigKey<>("sys.interval", duration(), "sys.interval", NO_SHORT_OPTION,
                    "How often the $SYS statistics are published (only values that changed)."),
            new ConfigKey<>("auth.anonymous", choice(AnonymousAccess.class, AnonymousAccess::configName),
                    "plugins.anonymous", NO_SHORT_OPTION, "Clients that no authenticator plugin vouched for and "
                    + "that sent no user name: loopback admits them on a listener bound to a loopback address only, "
                    + "on everywhere, off nowhere (CONNACK 0x87)."),
            new ConfigKey<>("plugins.directory", path(), "plugins.directory", NO_SHORT_OPTION,
                    "Where plugin jars (or folders of jars) are found, each with its own class loader; relative to "
                    + "the installation when started by bin/weft, else to the working directory."),
            new ConfigKey<>("plugins.call-timeout", duration(), "plugins.callTimeout", NO_SHORT_OPTION,
                    "Deadline of each plugin call that may block (authenticate, authorize, an AUTH step, an "
                    + "event); past it the call is abandoned and the client refused with 0x88."),
            new ConfigKey<>("plugins.start-timeout", duration(), "plugins.startTimeout", NO_SHORT_OPTION,
                    "Deadline for making or closing a plugin instance."),
            new ConfigKey<>("plugins.event-queue", integer(1, 10_000_000), "plugins.eventQueue", NO_SHORT_OPTION,
                    "Events waiting for one listener plugin; beyond it new events for that listener are dropped "
                    + "and counted."),
            new ConfigKey<>("plugins.reload-interval", duration(), "plugins.reloadInterval", NO_SHORT_OPTION,
                    "How often the configuration file is read again for changes to plugins.instances (also on "
                    + "SIGHUP); other settings need a restart."),
            new ConfigKey<>("metrics.port", optionalPort(MetricsSettings.OFF), "metrics.port",
                    Optional.of("--metrics-port"), "TCP port of the Prometheus endpoint (http://HOST:PORT/metrics), off "
                    + "for none; 0 picks a free port (printed after the ready line)."),
            new ConfigKey<>("metrics.bind", text("address", "an IP address or host name"), "metrics.bindAddress",
                    NO_SHORT_OPTION, "Address the Prometheus endpoint binds to, once metrics.port is set."),
            new ConfigKey<>("ring.size", powerOfTwo(2, 1 << 30), "ringSize", NO_SHORT_OPTION,
                    "Slots in the dispatch ring; a power of two."),
            new ConfigKey<>("storage.persistence", choice(Persistence.class, Persistence::configName), "persistence",
                    NO_SHORT_OPTION, "journal keeps sessions, queued and retained messages in data-dir across "
                    + "restarts and crashes; none keeps everything in memory."),
            new ConfigKey<>("storage.durability", choice(Durability.class, Durability::configName), "durability",
                    NO_SHORT_OPTION, "When a QoS 1/2 message is acknowledged: os-cache once journaled (survives a "
                    + "process crash), fsync-batch after the next group fsync, fsync-each after an fsync covering it."),
            new ConfigKey<>("storage.sync-interval", duration(), "syncInterval", NO_SHORT_OPTION,
                    "Time between group fsyncs with fsync-batch."),
            new ConfigKey<>("storage.max-disk", largeSize(0), "maximumDiskBytes", NO_SHORT_OPTION,
                    "Disk cap of the journal, 0 for none; at the cap new QoS 1/2 publishes are refused (0x97)."),
            new ConfigKey<>("storage.roll", choice(JournalRoll.class, JournalRoll::configName), "journalRoll",
                    NO_SHORT_OPTION, "How often the journal starts a new file; older files are deleted after a "
                    + "checkpoint."));

    private ConfigKeys() {
    }

    /** Every key, in the order of the reference. */
    public static List<ConfigKey<?>> all() {
        return ALL;
    }

    public static Optional<ConfigKey<?>> named(String name) {
        return find(name, ConfigKey::name);
    }

    public static Optional<ConfigKey<?>> byEnvironmentVariable(String variable) {
        return find(variable, ConfigKey::environmentVariable);
    }

    /** The key set by a long ({@code --listener.port}) or short ({@code --port}) option. */
    public static Optional<ConfigKey<?>> byOption(String option) {
        return ALL.stream()
                .filter(key -> key.option().equals(option) || key.shortOption().filter(option::equals).isPresent())
                .findFirst();
    }

    /** Whether {@code path} is a section holding keys, such as {@code mqtt}. */
    public static boolean isSection(String path) {
        return ALL.stream().anyMatch(key -> key.name().startsWith(path + "."));
    }

    /** Keys directly or indirectly under a section, for messages. */
    public static List<String> keysUnder(String section) {
        return ALL.stream().map(ConfigKey::name).filter(name -> name.startsWith(section + ".")).toList();
    }

    /** The closest of {@code candidates} to {@code unknown}, if close enough to be a likely typo. */
    public static Optional<String> closest(String unknown, List<String> candidates) {
        Optional<String> typo = candidates.stream()
                .min(Comparator.comparingInt(candidate -> distance(unknown, candidate)))
                .filter(candidate -> distance(unknown, candidate) <= Math.max(2, unknown.length() / 4));
        if (typo.isPresent()) {
            return typo;
        }
        // 'port' written at the top level instead of under 'listener': the first key with that last part, in table
        // order (listener.port before metrics.port)
        return candidates.stream()
                .filter(candidate -> lastSegment(candidate).equals(lastSegment(unknown)))
                .findFirst();
    }

    /** All names a key is written with in one kind of source, e.g. every environment variable. */
    public static List<String> names(Function<ConfigKey<?>, String> naming) {
        return ALL.stream().map(naming).toList();
    }

    private static Optional<ConfigKey<?>> find(String wanted, Function<ConfigKey<?>, String> naming) {
        return ALL.stream().filter(key -> naming.apply(key).equals(wanted)).findFirst();
    }

    private static String lastSegment(String name) {
        return name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('_')) + 1);
    }

    /** Levenshtein distance. */
    private static int distance(String left, String right) {
        int[] previous = new int[right.length() + 1];
        int[] current = new int[right.length() + 1];
        for (int column = 0; column <= right.length(); column++) {
            previous[column] = column;
        }
        for (int row = 1; row <= left.length(); row++) {
            current[0] = row;
            for (int column = 1; column <= right.length(); column++) {
                int substitution = left.charAt(row - 1) == right.charAt(column - 1) ? 0 : 1;
                current[column] = Math.min(Math.min(current[column - 1] + 1, previous[column] + 1),
                        previous[column - 1] + substitution);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[right.length()];
    }
}
