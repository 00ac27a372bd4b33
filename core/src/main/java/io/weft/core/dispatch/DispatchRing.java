package io.weft.core.dispatch;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.weft.core.SharedSubscriptionSettings;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Unsubscribe;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.ReasonCode;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.net.Connection;
import io.weft.core.session.Message;
import io.weft.core.session.PendingWill;
import io.weft.core.session.Session;
import io.weft.core.session.SessionListener;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.StoredMessage;
import io.weft.core.store.Stores;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Shared by the connections' reader threads, which publish into it, and its two stage threads, which own
 * the events they process. The LMAX Disruptor ring every PUBLISH, SUBSCRIBE and UNSUBSCRIBE passes through:
 * persist, then route. Producers are many (multi-producer); a full ring makes the producer wait,
 * which stops it reading its socket (backpressure). The parking wait strategy keeps idle and waiting stages
 * off the CPU, which matters on a two-core machine. Each stage runs on its own virtual thread: handing an
 * event from a reader to a stage and from a stage to a writer then stays on one carrier thread instead of
 * an OS context switch each (measured: broker CPU per message at 5,000 QoS 1 msg/s 111 -> 75 us, fan-out
 * 0.59 -> 0.30 us; see PERFORMANCE.md). No stage code holds a monitor, so none pins its carrier.
 */
public final class DispatchRing implements SessionListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DispatchRing.class.getName());

    private final Disruptor<RingEvent> disruptor;
    private final RingBuffer<RingEvent> ring;
    private final RouteStage route;
    private volatile boolean closed;
    /** Events one publisher may have ahead of the route stage (see {@link #awaitFairShare}). */
    private final int fairShare;
    private static final long FAIR_SHARE_PARK_NANOS = 10_000;

    /** With the default shared subscription settings and counters of its own (tests and tools). */
    public DispatchRing(int size, Stores stores) {
        this(size, stores, SharedSubscriptionSettings.defaults(), new BrokerCounters());
    }

    public DispatchRing(int size, Stores stores, SharedSubscriptionSettings shared, BrokerCounters counters) {
        fairShare = Math.max(1, size / 4);
        ParkingWaitStrategy waitStrategy = new ParkingWaitStrategy();
        disruptor = new Disruptor<>(RingEvent::new, size,
                Thread.ofVirtual().name("weft-ring-", 0).factory(),
                ProducerType.MULTI, waitStrategy);
        route = new RouteStage(stores.stateLog(), stores.syncGate(), shared, counters);
        disruptor.setDefaultExceptionHandler(new LoggingExceptionHandler());
        disruptor.handleEventsWith(new PersistStage(stores.messageLog(), waitStrategy)).then(route);
        ring = disruptor.getRingBuffer();
    }

    /** Start-up only, before {@link #start()}: stored retained messages and persistent subscriptions. */
    public void restore(Iterable<StoredMessage> retained, Map<Session, Map<String, SubscriptionOptions>> subscriptions) {
        route.restore(retained, subscriptions);
    }

    public void start() {
        disruptor.start();
    }

    /**
     * A PUBLISH (or a will, with {@code origin} null): persisted, routed, then acknowledged to
     * {@code origin} when {@code packetId} is non-zero. Blocks while the ring is full. Returns its ring sequence
     * (for {@link #awaitFairShare}), or -1 once the ring is closed.
     */
    public long publish(Message message, Session publisher, Connection origin, ProtocolVersion originVersion,
                        int packetId) {
        if (closed) {
            return -1; // shut down: nothing is routed or acknowledged any more
        }
        long sequence = ring.next();
        try {
            RingEvent event = ring.get(sequence);
            event.kind = RingEvent.Kind.PUBLISH;
            event.message = message;
            event.session = publisher;
            event.origin = origin;
            event.originVersion = originVersion;
            event.packetId = packetId;
        } finally {
            ring.publish(sequence);
        }
        return sequence;
    }

    /**
     * Fairness between publishers (reader threads): returns once at most a quarter of the ring lies between
     * {@code lastSequence}, the caller's previous PUBLISH, and what the route stage has finished. A flooding client
     * then holds a bounded share of the ring instead of all of it, so another client's PUBLISH waits behind a
     * quarter of the ring, not a whole one (measured under a QoS 0 flood: PERFORMANCE.md). The common case is one
     * volatile read; the wait parks in short slices (the route stage never waits for a reader, so it ends).
     */
    public void awaitFairShare(long lastSequence) {
        while (lastSequence - route.progress() > fairShare && !closed) {
            // A park, not a yield: on one carrier, yielding readers and stages starved the tasks the I/O poller
            // submits (writers), and a flood stopped every other client.
            LockSupport.parkNanos(FAIR_SHARE_PARK_NANOS);
        }
    }

    /** A SUBSCRIBE with the reader's decision per filter; the route stage applies it and sends SUBACK. */
    public void subscribe(Session session, Connection origin, Subscribe subscribe, List<ReasonCode> decisions) {
        if (closed) {
            return; // shut down: nothing is routed or acknowledged any more
        }
        long sequence = ring.next();
        try {
            RingEvent event = ring.get(sequence);
            event.kind = RingEvent.Kind.SUBSCRIBE;
            event.session = session;
            event.origin = origin;
            event.subscribe = subscribe;
            event.decisions = decisions;
        } finally {
            ring.publish(sequence);
        }
    }

    /** An UNSUBSCRIBE; the route stage applies it and sends UNSUBACK. */
    public void unsubscribe(Session session, Connection origin, Unsubscribe unsubscribe) {
        if (closed) {
            return; // shut down: nothing is routed or acknowledged any more
        }
        long sequence = ring.next();
        try {
            RingEvent event = ring.get(sequence);
            event.kind = RingEvent.Kind.UNSUBSCRIBE;
            event.session = session;
            event.origin = origin;
            event.unsubscribe = unsubscribe;
        } finally {
            ring.publish(sequence);
        }
    }

    @Override
    public void claimed(Session session) {
        command(RingEvent.Kind.SESSION_CLAIMED, session, null, 0);
    }

    @Override
    public void detached(Session session, long atMillis) {
        command(RingEvent.Kind.SESSION_DETACHED, session, null, atMillis);
    }

    /** A discarded session: its subscriptions leave the topic tree. */
    @Override
    public void discarded(Session session) {
        command(RingEvent.Kind.DROP_SESSION, session, null, 0);
    }

    /** A delayed will: the route stage journals it, so that it survives a restart [MQTT-3.1.3-9]. */
    @Override
    public void willDelayed(Session session, PendingWill will) {
        command(RingEvent.Kind.WILL_SCHEDULED, session, null, will.publishAtMillis(), null, will.message(),
                will.receivedAtMillis());
    }

    /** A will is due: published as the client's (no acknowledgement), then no longer pending in the journal. */
    @Override
    public void willDue(Session session, PendingWill will) {
        publish(will.message(), session, null, ProtocolVersion.MQTT_5, 0);
        command(RingEvent.Kind.WILL_CANCELLED, session, null, 0);
    }

    @Override
    public void willCancelled(Session session) {
        command(RingEvent.Kind.WILL_CANCELLED, session, null, 0);
    }

    /**
     * The subscriber of a persistent session answered copy {@code sequence} with PUBREC: the route stage journals
     * it, then sends PUBREL (for the copy's packet id) to {@code origin} through the sync gate.
     */
    public void copyReceived(Session session, Connection origin, long sequence) {
        command(RingEvent.Kind.COPY_RECEIVED, session, origin, sequence);
    }

    /** Copies {@code sequences} of a journaled session are done with (one event for a read's worth of acks). */
    public void copiesCompleted(Session session, long[] sequences) {
        command(RingEvent.Kind.COPIES_COMPLETED, session, null, 0, sequences, null, 0);
    }

    /** PUBREL from the publisher of a journaled session: the route stage journals it, then sends PUBCOMP. */
    public void release(Session session, Connection origin, int packetId) {
        command(RingEvent.Kind.RELEASE, session, origin, packetId);
    }

    private void command(RingEvent.Kind kind, Session session, Connection origin, long number) {
        command(kind, session, origin, number, null, null, 0);
    }

    /** A session command; the arguments a kind does not use are null or 0 (see {@link RingEvent.Kind}). */
    private void command(RingEvent.Kind kind, Session session, Connection origin, long number, long[] numbers,
                         Message message, long receivedAtMillis) {
        if (closed) {
            return; // shut down: nothing is routed or acknowledged any more
        }
        long sequence = ring.next();
        try {
            RingEvent event = ring.get(sequence);
            event.kind = kind;
            event.session = session;
            event.origin = origin;
            event.number = number;
            event.numbers = numbers;
            event.message = message;
            event.receivedAtMillis = receivedAtMillis;
        } finally {
            ring.publish(sequence);
        }
    }

    /** (filter, session) pairs subscribed, as the route stage last saw them; any thread, no lock. */
    public int subscriptionCount() {
        return route.subscriptionCount();
    }

    /** Retained messages held, as the route stage last saw them; any thread, no lock. */
    public int retainedCount() {
        return route.retainedCount();
    }

    /** Free slots, for backpressure metrics. */
    public long remainingCapacity() {
        return ring.remainingCapacity();
    }

    /** Processes what is in the ring, then stops the stages (bounded wait). */
    @Override
    public void close() {
        closed = true;
        try {
            disruptor.shutdown(10, TimeUnit.SECONDS);
        } catch (TimeoutException timeout) {
            LOG.log(System.Logger.Level.WARNING, "dispatch ring did not drain in 10 s; halting");
            disruptor.halt();
        }
    }

    /** A failing event is logged and skipped: one bad message never stops the ring. */
    private static final class LoggingExceptionHandler implements ExceptionHandler<RingEvent> {
        @Override
        public void handleEventException(Throwable failure, long sequence, RingEvent event) {
            LOG.log(System.Logger.Level.ERROR, "ring event " + sequence + " (" + event.kind + ") failed", failure);
            event.clear();
        }

        @Override
        public void handleOnStartException(Throwable failure) {
            LOG.log(System.Logger.Level.ERROR, "ring stage failed to start", failure);
        }

        @Override
        public void handleOnShutdownException(Throwable failure) {
            LOG.log(System.Logger.Level.ERROR, "ring stage failed to stop", failure);
        }
    }
}
