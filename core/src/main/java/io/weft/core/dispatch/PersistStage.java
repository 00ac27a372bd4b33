package io.weft.core.dispatch;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.weft.core.codec.QoS;
import io.weft.core.session.Message;
import io.weft.core.store.MessageLog;

/**
 * Owned by the ring's persist thread: appends every QoS 1/2 PUBLISH to the message log before the route
 * stage routes and acknowledges it, so an acknowledgement never precedes persistence.
 */
final class PersistStage implements EventHandler<RingEvent> {

    private final MessageLog log;
    private final ParkingWaitStrategy waitStrategy;
    private Sequence progress;

    PersistStage(MessageLog log, ParkingWaitStrategy waitStrategy) {
        this.log = log;
        this.waitStrategy = waitStrategy;
    }

    @Override
    public void setSequenceCallback(Sequence sequenceCallback) {
        progress = sequenceCallback;
    }

    @Override
    public void onEvent(RingEvent event, long sequence, boolean endOfBatch) {
        try {
            if (event.kind == RingEvent.Kind.PUBLISH) {
                Message message = event.message;
                // Every PUBLISH knows when it arrived: a Message Expiry Interval counts from then, QoS 0 too.
                event.receivedAtMillis = System.currentTimeMillis();
                if (message.qos() != QoS.AT_MOST_ONCE) {
                    event.messageId = log.append(message, event.receivedAtMillis);
                }
            }
        } finally {
            if (endOfBatch) {
                // The route stage parks while waiting for this stage: advance now and wake it.
                progress.set(sequence);
                waitStrategy.signalAllWhenBlocking();
            }
        }
    }
}
