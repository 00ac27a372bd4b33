package io.weft.core.net;

import io.weft.core.codec.MqttPacket;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.ReasonCode;
import io.weft.core.metrics.BrokerCounters;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Owned by one connection's reader thread: the client's publish rate (PUBLISH packets a second) and
 * bandwidth (bytes a second read). Each packet read is charged to token buckets holding one second's worth;
 * when they are in debt the reader parks before handing the packet on, so it stops reading the socket and
 * TCP's own flow control slows the client down (a parked virtual thread costs nothing). A client held back
 * without a break for the tolerance gets DISCONNECT 0x96 Message rate too high (5.0) or is closed (3.x).
 * A connection without limits has no Throttle at all: its reader pays one null test per packet.
 */
public final class Throttle {

    private static final System.Logger LOG = System.getLogger(Throttle.class.getName());
    /** Parks are cut into slices this long, so a close or shutdown is noticed and the keep alive stays fed. */
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final TokenBucket publishes;
    private final TokenBucket bytes;
    private final long toleranceNanos;
    private final BrokerCounters counters;
    /** When the current hold began; meaningful while {@link #held}. */
    private long heldSinceNanos;
    private boolean held;

    /** Null when neither limit is set (0 means none): the connection then gets no Throttle. */
    public static Throttle of(int publishRate, long bandwidth, long toleranceNanos, BrokerCounters counters) {
        if (publishRate <= 0 && bandwidth <= 0) {
            return null;
        }
        return new Throttle(publishRate, bandwidth, toleranceNanos, counters);
    }

    private Throttle(int publishRate, long bandwidth, long toleranceNanos, BrokerCounters counters) {
        if (toleranceNanos <= 0) {
            throw new IllegalArgumentException("throttle tolerance must be positive");
        }
        this.publishes = publishRate > 0 ? new TokenBucket(publishRate) : null;
        this.bytes = bandwidth > 0 ? new TokenBucket(bandwidth) : null;
        this.toleranceNanos = toleranceNanos;
        this.counters = counters;
    }

    /**
     * Charges {@code packet} ({@code size} bytes) and parks until the buckets allow it. False when the client
     * was held back beyond the tolerance (the DISCONNECT is queued and the connection closes) or the
     * connection closed while parked: the packet must then not be handled.
     */
    boolean pace(Connection connection, MqttPacket packet, int size, ProtocolVersion version) {
        long now = System.nanoTime();
        long wait = 0;
        if (publishes != null && packet instanceof Publish) {
            wait = publishes.charge(1, now);
        }
        if (bytes != null) {
            wait = Math.max(wait, bytes.charge(size, now));
        }
        if (wait == 0) {
            held = false; // the client is within its limits again: a new hold starts from zero
            return true;
        }
        if (!held) {
            held = true;
            heldSinceNanos = now;
        }
        long until = now + wait;
        while (true) {
            if (connection.isClosed()) {
                return false;
            }
            if (now - heldSinceNanos >= toleranceNanos) {
                tooFast(connection, version);
                return false;
            }
            long left = until - now;
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(Math.min(left, SLICE_NANOS));
            long after = System.nanoTime();
            counters.throttledNanos.add(after - now);
            now = after;
            connection.heldBack();
        }
    }

    /** Held back for the whole tolerance: 0x96 (5.0), a plain close for 3.x which has no way to say why. */
    private void tooFast(Connection connection, ProtocolVersion version) {
        counters.disconnectedMessageRate.increment();
        LOG.log(System.Logger.Level.WARNING, "{0}: held back by the publish rate or bandwidth limit for {1} ms "
                + "without a break; disconnecting (0x96)", connection.name(),
                TimeUnit.NANOSECONDS.toMillis(toleranceNanos));
        if (version != null && version.isMqtt5()) {
            connection.send(new Disconnect(ReasonCode.MESSAGE_RATE_TOO_HIGH, MqttProperties.builder()
                    .put(PropertyId.REASON_STRING, "publish rate or bandwidth limit exceeded").build()));
        }
        connection.closeAfterFlush(PacketHandler.CloseCause.SERVER_CLOSED);
    }
}
