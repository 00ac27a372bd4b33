package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Unsubscribe;
import io.weft.core.codec.ReasonCode;
import io.weft.core.net.PacketHandler.CloseCause;
import io.weft.core.plugin.EventSink;
import io.weft.core.plugin.EventSink.EventKind;
import io.weft.core.plugin.Events;
import io.weft.spi.auth.Principal;
import io.weft.spi.event.BrokerEvent;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * The events of an established connection, for listener plugins. Stateless: called on the connection's reader
 * thread; an event no listener wants is not made.
 */
final class ClientEvents {

    private ClientEvents() {
    }

    static void published(EventSink events, String clientId, Publish publish) {
        if (events.wants(EventKind.PUBLISHED)) {
            events.emit(new BrokerEvent.Published(Instant.now(), clientId, publish.topic(), Events.qos(publish.qos()),
                    publish.retain(), ByteBuffer.wrap(publish.payload())));
        }
    }

    static void subscribed(EventSink events, String clientId, Subscribe subscribe, List<ReasonCode> decisions) {
        if (events.wants(EventKind.SUBSCRIBED)) {
            Instant now = Instant.now();
            for (int index = 0; index < decisions.size(); index++) {
                var subscription = subscribe.subscriptions().get(index);
                events.emit(new BrokerEvent.Subscribed(now, clientId, subscription.filter(),
                        Events.qos(subscription.maximumQos()), decisions.get(index).value()));
            }
        }
    }

    static void unsubscribed(EventSink events, String clientId, Unsubscribe unsubscribe) {
        if (events.wants(EventKind.UNSUBSCRIBED)) {
            Instant now = Instant.now();
            unsubscribe.filters().forEach(filter -> events.emit(new BrokerEvent.Unsubscribed(now, clientId, filter)));
        }
    }

    static void disconnected(EventSink events, String clientId, Principal principal, CloseCause cause) {
        if (events.wants(EventKind.DISCONNECTED)) {
            events.emit(new BrokerEvent.ClientDisconnected(Instant.now(), clientId, principal,
                    Events.disconnectReason(cause)));
        }
    }
}
