package io.weft.core.dispatch;

import com.lmax.disruptor.EventHandler;
import io.weft.core.codec.QoS;
import io.weft.core.store.MessageLog;

/**
 * Owned by the ring's persist thread: appends every QoS 1/2 PUBLISH to the message log before the route
 * stage routes and acknowledges it, so an acknowledgement never precedes persistence.
 */
final class PersistStage implements EventHandler<RingEvent> {

    private final MessageLog log;

    PersistStage(MessageLog log) {
        this.log = log;
    }

    @Override
    public void onEvent(RingEvent event, long sequence, boolean endOfBatch) {
        if (event.kind == RingEvent.Kind.PUBLISH && event.message.qos() != QoS.AT_MOST_ONCE) {
            log.append(event.message, event.packetId);
        }
    }
}
