package io.weft.storage;

import io.weft.core.codec.QoS;
import io.weft.core.session.Message;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.StoredMessage;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Owned by the test thread: records every call as one comparable line. */
final class Recorder implements JournalRecords {

    final List<String> lines = new ArrayList<>();

    static String describe(StoredMessage stored) {
        Message message = stored.message();
        return "message(" + message.topic() + ", " + HexFormat.of().formatHex(message.payload()) + ", "
                + message.qos() + ", " + message.retain() + ", " + message.properties() + ", "
                + message.publisherId() + ", " + stored.receivedAtMillis() + ")";
    }

    @Override
    public void session(String clientId, long expiryIntervalSeconds, long nextSequence) {
        lines.add("session " + clientId + " " + expiryIntervalSeconds + " " + nextSequence);
    }

    @Override
    public void detached(String clientId, long expiryIntervalSeconds, long atMillis) {
        lines.add("detached " + clientId + " " + expiryIntervalSeconds + " " + atMillis);
    }

    @Override
    public void discarded(String clientId) {
        lines.add("discarded " + clientId);
    }

    @Override
    public void subscribed(String clientId, String filter, SubscriptionOptions options) {
        lines.add("subscribed " + clientId + " " + filter + " " + options);
    }

    @Override
    public void unsubscribed(String clientId, String filter) {
        lines.add("unsubscribed " + clientId + " " + filter);
    }

    @Override
    public void enqueued(String clientId, long sequence, long messageId, QoS qos, boolean retain,
                         List<Integer> subscriptionIdentifiers) {
        lines.add("enqueued " + clientId + " " + sequence + " " + messageId + " " + qos + " " + retain + " "
                + subscriptionIdentifiers);
    }

    @Override
    public void entry(String clientId, long sequence, StoredMessage message, QoS qos, boolean retain,
                      List<Integer> subscriptionIdentifiers) {
        lines.add("entry " + clientId + " " + sequence + " " + describe(message) + " " + qos + " " + retain + " "
                + subscriptionIdentifiers);
    }

    @Override
    public void sharedCopy(String clientId, long sequence, String shareGroup) {
        lines.add("sharedCopy " + clientId + " " + sequence + " " + shareGroup);
    }

    @Override
    public void received(String clientId, long sequence) {
        lines.add("received " + clientId + " " + sequence);
    }

    @Override
    public void completed(String clientId, long sequence) {
        lines.add("completed " + clientId + " " + sequence);
    }

    @Override
    public void inbound(String clientId, int packetId) {
        lines.add("inbound " + clientId + " " + packetId);
    }

    @Override
    public void released(String clientId, int packetId) {
        lines.add("released " + clientId + " " + packetId);
    }

    @Override
    public void willScheduled(String clientId, StoredMessage will, long publishAtMillis) {
        lines.add("willScheduled " + clientId + " " + describe(will) + " " + publishAtMillis);
    }

    @Override
    public void willCancelled(String clientId) {
        lines.add("willCancelled " + clientId);
    }

    @Override
    public void retained(StoredMessage message) {
        lines.add("retained " + describe(message));
    }

    @Override
    public void retainCleared(String topic) {
        lines.add("retainCleared " + topic);
    }

    @Override
    public void checkpointBegin(long lastRoutedMessageId) {
        lines.add("checkpointBegin " + lastRoutedMessageId);
    }

    @Override
    public void checkpointEnd(long beginIndex) {
        lines.add("checkpointEnd " + beginIndex);
    }

    @Override
    public void checkpointAborted(long beginIndex) {
        lines.add("checkpointAborted " + beginIndex);
    }
}
