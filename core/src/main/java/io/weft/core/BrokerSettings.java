package io.weft.core;

import io.weft.core.store.Durability;
import io.weft.core.store.JournalRoll;
import io.weft.core.store.Persistence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The broker's validated settings. The distribution's configuration loader builds this from the YAML
 * file, environment variables and command-line flags; tests build it directly. Every field here has a
 * configuration key (see docs/configuration.md).
 *
 * @param bindAddress       listener address ({@code listener.bind})
 * @param port              listener port, 0 picks a free one ({@code listener.port})
 * @param dataDirectory     where durable state lives ({@code data-dir})
 * @param maximumPacketSize largest packet accepted from a client, in bytes ({@code mqtt.max-packet-size})
 * @param connectTimeout    how long a new connection may take to send CONNECT ({@code mqtt.connect-timeout})
 * @param inflightWindow    QoS 1/2 messages in flight towards one client, before its Receive Maximum
 *                          ({@code mqtt.inflight-window})
 * @param maximumQueuedMessages messages queued per session beyond the inflight window
 *                          ({@code mqtt.max-queued-messages})
 * @param ringSize          slots in the dispatch ring, a power of two ({@code ring.size})
 * @param persistence       journal or none ({@code storage.persistence})
 * @param durability        when a QoS 1/2 message counts as stored ({@code storage.durability})
 * @param syncInterval      time between group commits for fsync-batch ({@code storage.sync-interval})
 * @param maximumDiskBytes  the journal's disk cap, 0 for none ({@code storage.max-disk})
 * @param journalRoll       how often the journal starts a new file ({@code storage.roll})
 * @param protocol          MQTT 5 features announced and enforced ({@code mqtt.*})
 * @param limits            overload protection ({@code limits.*})
 * @param shared            shared subscriptions ({@code shared.*})
 * @param sys               $SYS statistics ({@code sys.*})
 * @param plugins           plugin loading and calls, anonymous access ({@code plugins.*}, {@code auth.*})
 * @param metrics           the Prometheus endpoint ({@code metrics.*})
 */
public record BrokerSettings(String bindAddress, int port, Path dataDirectory, int maximumPacketSize,
                             Duration connectTimeout, int inflightWindow, int maximumQueuedMessages, int ringSize,
                             Persistence persistence, Durability durability, Duration syncInterval,
                             long maximumDiskBytes, JournalRoll journalRoll, ProtocolSettings protocol,
                             LimitSettings limits, SharedSubscriptionSettings shared, SysSettings sys,
                             PluginSettings plugins, MetricsSettings metrics) {

    /** The protocol's own ceiling on a packet: a 4-byte remaining length plus the fixed header. */
    public static final int PROTOCOL_MAXIMUM_PACKET_SIZE = 268_435_455 + 5;

    public BrokerSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(persistence, "persistence");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(syncInterval, "syncInterval");
        Objects.requireNonNull(journalRoll, "journalRoll");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(shared, "shared");
        Objects.requireNonNull(sys, "sys");
        Objects.requireNonNull(plugins, "plugins");
        Objects.requireNonNull(metrics, "metrics");
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("sync interval must be positive");
        }
        if (maximumDiskBytes < 0) {
            throw new IllegalArgumentException("maximum disk bytes must not be negative");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (maximumPacketSize < 16 || maximumPacketSize > PROTOCOL_MAXIMUM_PACKET_SIZE) {
            throw new IllegalArgumentException("maximum packet size must be 16.." + PROTOCOL_MAXIMUM_PACKET_SIZE);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive");
        }
        if (inflightWindow < 1 || inflightWindow > 65535) {
            throw new IllegalArgumentException("inflight window must be 1..65535: " + inflightWindow);
        }
        if (maximumQueuedMessages < 0) {
            throw new IllegalArgumentException("maximum queued messages must not be negative");
        }
        if (ringSize < 2 || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two: " + ringSize);
        }
    }

    /** The default journal and broker limits with the storage settings at their defaults. */
    public BrokerSettings(String bindAddress, int port, Path dataDirectory, int maximumPacketSize,
                          Duration connectTimeout, int inflightWindow, int maximumQueuedMessages, int ringSize) {
        this(bindAddress, port, dataDirectory, maximumPacketSize, connectTimeout, inflightWindow,
                maximumQueuedMessages, ringSize, Persistence.JOURNAL, Durability.OS_CACHE, Duration.ofMillis(10),
                DEFAULT_MAXIMUM_DISK_BYTES, JournalRoll.MINUTELY, ProtocolSettings.defaults(), LimitSettings.defaults(),
                SharedSubscriptionSettings.defaults(), SysSettings.defaults(), PluginSettings.defaults(),
                MetricsSettings.defaults());
    }

    /** 10 GiB. */
    public static final long DEFAULT_MAXIMUM_DISK_BYTES = 10L << 30;

    /** Embedded defaults: anonymous on 127.0.0.1:1883, data under ./data, journaled in the OS cache. */
    public static BrokerSettings defaults() {
        return new BrokerSettings("127.0.0.1", 1883, Path.of("data"), 1024 * 1024, Duration.ofSeconds(10),
                32, 10_000, 16_384);
    }

    public BrokerSettings withPort(int newPort) {
        return new BrokerSettings(bindAddress, newPort, dataDirectory, maximumPacketSize, connectTimeout,
                inflightWindow, maximumQueuedMessages, ringSize, persistence, durability, syncInterval,
                maximumDiskBytes, journalRoll, protocol, limits, shared, sys, plugins, metrics);
    }

    public BrokerSettings withConnectTimeout(Duration newTimeout) {
        return new BrokerSettings(bindAddress, port, dataDirectory, maximumPacketSize, newTimeout,
                inflightWindow, maximumQueuedMessages, ringSize, persistence, durability, syncInterval,
                maximumDiskBytes, journalRoll, protocol, limits, shared, sys, plugins, metrics);
    }

    public BrokerSettings withMaximumPacketSize(int newSize) {
        return new BrokerSettings(bindAddress, port, dataDirectory, newSize, connectTimeout,
                inflightWindow, maximumQueuedMessages, ringSize, persistence, durability, syncInterval,
                maximumDiskBytes, journalRoll, protocol, limits, shared, sys, plugins, metrics);
    }

    public BrokerSettings with(ProtocolSettings newProtocol) {
        return new BrokerSettings(bindAddress, port, dataDirectory, maximumPacketSize, connectTimeout,
                inflightWindow, maximumQueuedMessages, ringSize, persistence, durability, syncInterval,
                maximumDiskBytes, journalRoll, newProtocol, limits, shared, sys, plugins, metrics);
    }

    public BrokerSettings with(LimitSettings newLimits) {
        return new BrokerSettings(bindAddress, port, dataDirectory, maximumPacketSize, connectTimeout,
                inflightWindow, maximumQueuedMessages, ringSize, persistence, durability, syncInterval,
                maximumDiskBytes, journalRoll, protocol, newLimits, shared, sys, plugins, metrics);
    }

    public BrokerSettings with(SharedSubscriptionSettings newShared) {
        return new BrokerSettings(bindAddress, port, dataDirectory, maximumPacketSize, connectTimeout,
                inflightWindow, maximumQueuedMessages, ringSize, persistence, durability, syncInterval,
                maximumDiskBytes, journalRoll, protocol, limits, newShared, sys, plugins, metrics);
    }

    public BrokerSettings with(PluginSettings newPlugins) {
        return new BrokerSettings(bindAddress, port, dataDirectory, maximumPacketSize, connectTimeout,
                inflightWindow, maximumQueuedMessages, ringSize, persistence, durability, syncInterval,
                maximumDiskBytes, journalRoll, protocol, limits, shared, sys, newPlugins, metrics);
    }

    public BrokerSettings with(MetricsSettings newMetrics) {
        return new BrokerSettings(bindAddress, port, dataDirectory, maximumPacketSize, connectTimeout,
                inflightWindow, maximumQueuedMessages, ringSize, persistence, durability, syncInterval,
                maximumDiskBytes, journalRoll, protocol, limits, shared, sys, plugins, newMetrics);
    }

    public BrokerSettings with(SysSettings newSys) {
        return new BrokerSettings(bindAddress, port, dataDirectory, maximumPacketSize, connectTimeout,
                inflightWindow, maximumQueuedMessages, ringSize, persistence, durability, syncInterval,
                maximumDiskBytes, journalRoll, protocol, limits, shared, newSys, plugins, metrics);
    }
}
