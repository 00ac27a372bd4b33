package io.weft.storage;

import io.weft.core.codec.QoS;
import io.weft.core.session.Message;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.StoredMessage;

import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Owned by the one thread that writes its journal (persist stage or route stage). Encodes each record into a
 * reused scratch buffer and hands the finished bytes to its {@link Sink}.
 *
 * <p>Layout: format version (1 byte), record type (1 byte), fields, CRC32C of all preceding bytes (4 bytes,
 * big-endian). Integers are big-endian; strings are a 2-byte length and UTF-8 (MQTT strings never exceed
 * 65,535 bytes); byte arrays are a 4-byte length and the bytes; booleans one byte 0 or 1.
 */
final class RecordEncoder implements JournalRecords {

    static final int FORMAT_VERSION = 1;

    /** Where finished records go. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] record, int length, RecordType type);
    }

    private final Sink sink;
    private final CRC32C crc = new CRC32C();
    private byte[] buffer = new byte[512];
    private int position;

    RecordEncoder(Sink sink) {
        this.sink = sink;
    }

    /** A message of the message journal. */
    void message(Message message, long receivedAtMillis) {
        begin(RecordType.MESSAGE);
        writeMessage(message, receivedAtMillis);
        finish(RecordType.MESSAGE);
    }

    @Override
    public void session(String clientId, long expiryIntervalSeconds, long nextSequence) {
        begin(RecordType.SESSION);
        writeString(clientId);
        writeLong(expiryIntervalSeconds);
        writeLong(nextSequence);
        finish(RecordType.SESSION);
    }

    @Override
    public void detached(String clientId, long expiryIntervalSeconds, long atMillis) {
        begin(RecordType.DETACHED);
        writeString(clientId);
        writeLong(expiryIntervalSeconds);
        writeLong(atMillis);
        finish(RecordType.DETACHED);
    }

    @Override
    public void discarded(String clientId) {
        begin(RecordType.DISCARDED);
        writeString(clientId);
        finish(RecordType.DISCARDED);
    }

    @Override
    public void subscribed(String clientId, String filter, SubscriptionOptions options) {
        begin(RecordType.SUBSCRIBED);
        writeString(clientId);
        writeString(filter);
        writeByte(options.grantedQos().value());
        writeBoolean(options.noLocal());
        writeBoolean(options.retainAsPublished());
        writeByte(options.retainHandling().ordinal());
        writeInt(options.subscriptionIdentifier());
        finish(RecordType.SUBSCRIBED);
    }

    @Override
    public void unsubscribed(String clientId, String filter) {
        begin(RecordType.UNSUBSCRIBED);
        writeString(clientId);
        writeString(filter);
        finish(RecordType.UNSUBSCRIBED);
    }

    @Override
    public void enqueued(String clientId, long sequence, long messageId, QoS qos, boolean retain,
                         List<Integer> subscriptionIdentifiers) {
        begin(RecordType.ENQUEUED);
        writeString(clientId);
        writeLong(sequence);
        writeLong(messageId);
        writeDelivery(qos, retain, subscriptionIdentifiers);
        finish(RecordType.ENQUEUED);
    }

    @Override
    public void entry(String clientId, long sequence, StoredMessage message, QoS qos, boolean retain,
                      List<Integer> subscriptionIdentifiers) {
        begin(RecordType.ENTRY);
        writeString(clientId);
        writeLong(sequence);
        writeMessage(message.message(), message.receivedAtMillis());
        writeDelivery(qos, retain, subscriptionIdentifiers);
        finish(RecordType.ENTRY);
    }

    @Override
    public void sharedCopy(String clientId, long sequence, String shareGroup) {
        begin(RecordType.SHARED_COPY);
        writeString(clientId);
        writeLong(sequence);
        writeString(shareGroup);
        finish(RecordType.SHARED_COPY);
    }

    @Override
    public void received(String clientId, long sequence) {
        clientAndLong(RecordType.RECEIVED, clientId, sequence);
    }

    @Override
    public void completed(String clientId, long sequence) {
        clientAndLong(RecordType.COMPLETED, clientId, sequence);
    }

    @Override
    public void completedAll(String clientId, long[] sequences) {
        begin(RecordType.COMPLETED_ALL);
        writeString(clientId);
        writeInt(sequences.length);
        for (long sequence : sequences) {
            writeLong(sequence);
        }
        finish(RecordType.COMPLETED_ALL);
    }

    @Override
    public void inbound(String clientId, int packetId) {
        clientAndLong(RecordType.INBOUND, clientId, packetId);
    }

    @Override
    public void released(String clientId, int packetId) {
        clientAndLong(RecordType.RELEASED, clientId, packetId);
    }

    @Override
    public void willScheduled(String clientId, StoredMessage will, long publishAtMillis) {
        begin(RecordType.WILL_SCHEDULED);
        writeString(clientId);
        writeMessage(will.message(), will.receivedAtMillis());
        writeLong(publishAtMillis);
        finish(RecordType.WILL_SCHEDULED);
    }

    @Override
    public void willCancelled(String clientId) {
        begin(RecordType.WILL_CANCELLED);
        writeString(clientId);
        finish(RecordType.WILL_CANCELLED);
    }

    @Override
    public void retained(StoredMessage message) {
        begin(RecordType.RETAINED);
        writeMessage(message.message(), message.receivedAtMillis());
        finish(RecordType.RETAINED);
    }

    @Override
    public void retainCleared(String topic) {
        begin(RecordType.RETAIN_CLEARED);
        writeString(topic);
        finish(RecordType.RETAIN_CLEARED);
    }

    @Override
    public void checkpointBegin(long lastRoutedMessageId) {
        begin(RecordType.CHECKPOINT_BEGIN);
        writeLong(lastRoutedMessageId);
        finish(RecordType.CHECKPOINT_BEGIN);
    }

    @Override
    public void checkpointEnd(long beginIndex) {
        begin(RecordType.CHECKPOINT_END);
        writeLong(beginIndex);
        finish(RecordType.CHECKPOINT_END);
    }

    @Override
    public void checkpointAborted(long beginIndex) {
        begin(RecordType.CHECKPOINT_ABORTED);
        writeLong(beginIndex);
        finish(RecordType.CHECKPOINT_ABORTED);
    }

    private void clientAndLong(RecordType type, String clientId, long value) {
        begin(type);
        writeString(clientId);
        writeLong(value);
        finish(type);
    }

    private void writeMessage(Message message, long receivedAtMillis) {
        writeString(message.topic());
        writeBytes(message.payload());
        writeByte(message.qos().value());
        writeBoolean(message.retain());
        writeBytes(message.properties().toMessageBlock());
        writeString(message.publisherId());
        writeLong(receivedAtMillis);
    }

    private void writeDelivery(QoS qos, boolean retain, List<Integer> subscriptionIdentifiers) {
        writeByte(qos.value());
        writeBoolean(retain);
        int count = subscriptionIdentifiers.size();
        writeInt(count);
        for (int i = 0; i < count; i++) {
            writeInt(subscriptionIdentifiers.get(i));
        }
    }

    private void begin(RecordType type) {
        position = 0;
        writeByte(FORMAT_VERSION);
        writeByte(type.code);
    }

    private void finish(RecordType type) {
        crc.reset();
        crc.update(buffer, 0, position);
        writeInt((int) crc.getValue());
        sink.write(buffer, position, type);
    }

    private void ensure(int more) {
        if (position + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }

    private void writeByte(int value) {
        ensure(1);
        buffer[position++] = (byte) value;
    }

    private void writeBoolean(boolean value) {
        writeByte(value ? 1 : 0);
    }

    private void writeInt(int value) {
        ensure(4);
        buffer[position++] = (byte) (value >>> 24);
        buffer[position++] = (byte) (value >>> 16);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    private void writeLong(long value) {
        writeInt((int) (value >>> 32));
        writeInt((int) value);
    }

    private void writeBytes(byte[] bytes) {
        writeInt(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    /** UTF-8 without allocating: the length is patched in once the bytes are written. */
    private void writeString(String value) {
        int lengthAt = position;
        ensure(2 + value.length() * 3);
        position += 2;
        int start = position;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                buffer[position++] = (byte) c;
            } else if (c < 0x800) {
                buffer[position++] = (byte) (0xC0 | c >> 6);
                buffer[position++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, value.charAt(++i));
                buffer[position++] = (byte) (0xF0 | codePoint >> 18);
                buffer[position++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
                buffer[position++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
                buffer[position++] = (byte) (0x80 | codePoint & 0x3F);
            } else if (Character.isSurrogate(c)) {
                buffer[position++] = '?'; // as String.getBytes does with a lone surrogate
            } else {
                buffer[position++] = (byte) (0xE0 | c >> 12);
                buffer[position++] = (byte) (0x80 | c >> 6 & 0x3F);
                buffer[position++] = (byte) (0x80 | c & 0x3F);
            }
        }
        int length = position - start;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("string of " + length + " UTF-8 bytes; at most 65535 allowed");
        }
        buffer[lengthAt] = (byte) (length >>> 8);
        buffer[lengthAt + 1] = (byte) length;
    }
}
