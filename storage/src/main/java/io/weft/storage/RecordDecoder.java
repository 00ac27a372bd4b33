package io.weft.storage;

import io.weft.core.codec.MalformedPacketException;
import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.QoS;
import io.weft.core.session.Message;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.StoredMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Owned by the thread that reads the journal (start-up). Checks and decodes records written by
 * {@link RecordEncoder}. The CRC is checked before the version: a damaged byte is corruption to skip,
 * while an intact record of a newer format is a reason to stop.
 */
final class RecordDecoder {

    private final CRC32C crc = new CRC32C();
    private byte[] record;
    private int position;
    private int end;

    /** Checks framing, CRC and version; returns the record's type. Then read it with {@link #decode}. */
    RecordType check(byte[] bytes, int length) throws RecordFormatException {
        if (length < 6) {
            throw new RecordFormatException("too short: " + length + " bytes");
        }
        crc.reset();
        crc.update(bytes, 0, length - 4);
        int stored = (bytes[length - 4] & 0xFF) << 24 | (bytes[length - 3] & 0xFF) << 16
                | (bytes[length - 2] & 0xFF) << 8 | bytes[length - 1] & 0xFF;
        if ((int) crc.getValue() != stored) {
            throw new RecordFormatException("CRC mismatch");
        }
        int version = bytes[0] & 0xFF;
        if (version > RecordEncoder.FORMAT_VERSION) {
            throw new RecordFormatException("format version " + version, version);
        }
        if (version < 1) {
            throw new RecordFormatException("format version 0");
        }
        RecordType type = RecordType.of(bytes[1]);
        if (type == null) {
            throw new RecordFormatException("unknown record type " + bytes[1]);
        }
        record = bytes;
        position = 2;
        end = length - 4;
        return type;
    }

    /** A message record of the message journal. */
    StoredMessage message(byte[] bytes, int length) throws RecordFormatException {
        RecordType type = check(bytes, length);
        if (type != RecordType.MESSAGE) {
            throw new RecordFormatException("a " + type + " record where a message was expected");
        }
        StoredMessage message = readMessage();
        expectEnd();
        return message;
    }

    /** Decodes the record last {@link #check checked} into {@code target}. */
    void decode(RecordType type, JournalRecords target) throws RecordFormatException {
        switch (type) {
            case SESSION -> target.session(readString(), readLong(), readLong());
            case DETACHED -> target.detached(readString(), readLong(), readLong());
            case DISCARDED -> target.discarded(readString());
            case SUBSCRIBED -> target.subscribed(readString(), readString(), new SubscriptionOptions(
                    readQos(), readBoolean(), readBoolean(), readRetainHandling(), readInt()));
            case UNSUBSCRIBED -> target.unsubscribed(readString(), readString());
            case ENQUEUED -> target.enqueued(readString(), readLong(), readLong(), readQos(), readBoolean(),
                    readIdentifiers());
            case ENTRY -> target.entry(readString(), readLong(), readMessage(), readQos(), readBoolean(),
                    readIdentifiers());
            case SHARED_COPY -> target.sharedCopy(readString(), readLong(), readString());
            case RECEIVED -> target.received(readString(), readLong());
            case COMPLETED -> target.completed(readString(), readLong());
            case COMPLETED_ALL -> completedAll(target);
            case INBOUND -> target.inbound(readString(), readPacketId());
            case RELEASED -> target.released(readString(), readPacketId());
            case RETAINED -> target.retained(readMessage());
            case RETAIN_CLEARED -> target.retainCleared(readString());
            case WILL_SCHEDULED -> target.willScheduled(readString(), readMessage(), readLong());
            case WILL_CANCELLED -> target.willCancelled(readString());
            case CHECKPOINT_BEGIN -> target.checkpointBegin(readLong());
            case CHECKPOINT_END -> target.checkpointEnd(readLong());
            case CHECKPOINT_ABORTED -> target.checkpointAborted(readLong());
            case MESSAGE -> throw new RecordFormatException("a message record in the state journal");
        }
        expectEnd();
    }

    private void completedAll(JournalRecords target) throws RecordFormatException {
        String clientId = readString();
        int count = readInt();
        if (count < 1 || count > (end - position) / Long.BYTES) {
            throw new RecordFormatException("a COMPLETED_ALL record with " + count + " sequence numbers");
        }
        for (int i = 0; i < count; i++) {
            target.completed(clientId, readLong());
        }
    }

    /** The long right after the type byte (CHECKPOINT_BEGIN's message id, the others' index). */
    long firstLong() throws RecordFormatException {
        position = 2;
        return readLong();
    }

    private StoredMessage readMessage() throws RecordFormatException {
        String topic = readString();
        byte[] payload = readBytes();
        QoS qos = readQos();
        boolean retain = readBoolean();
        MqttProperties properties;
        try {
            properties = MqttProperties.fromMessageBlock(readBytes());
        } catch (MalformedPacketException e) {
            throw new RecordFormatException("message properties: " + e.getMessage());
        }
        String publisherId = readString();
        long receivedAtMillis = readLong();
        return new StoredMessage(new Message(topic, payload, qos, retain, properties, publisherId),
                receivedAtMillis);
    }

    private List<Integer> readIdentifiers() throws RecordFormatException {
        int count = readInt();
        if (count < 0 || count > (end - position) / 4) {
            throw new RecordFormatException("subscription identifier count " + count);
        }
        if (count == 0) {
            return List.of();
        }
        List<Integer> identifiers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            identifiers.add(readInt());
        }
        return List.copyOf(identifiers);
    }

    private void need(int bytes) throws RecordFormatException {
        if (bytes < 0 || end - position < bytes) {
            throw new RecordFormatException("field runs past the end of the record");
        }
    }

    private void expectEnd() throws RecordFormatException {
        if (position != end) {
            throw new RecordFormatException((end - position) + " bytes after the last field");
        }
    }

    private int readByte() throws RecordFormatException {
        need(1);
        return record[position++] & 0xFF;
    }

    private boolean readBoolean() throws RecordFormatException {
        int value = readByte();
        if (value > 1) {
            throw new RecordFormatException("boolean " + value);
        }
        return value == 1;
    }

    private QoS readQos() throws RecordFormatException {
        int value = readByte();
        if (value > 2) {
            throw new RecordFormatException("QoS " + value);
        }
        return QoS.of(value);
    }

    private RetainHandling readRetainHandling() throws RecordFormatException {
        int value = readByte();
        if (value >= RetainHandling.values().length) {
            throw new RecordFormatException("retain handling " + value);
        }
        return RetainHandling.values()[value];
    }

    private int readPacketId() throws RecordFormatException {
        long value = readLong();
        if (value < 0 || value > 0xFFFF) {
            throw new RecordFormatException("packet id " + value);
        }
        return (int) value;
    }

    private int readInt() throws RecordFormatException {
        need(4);
        int value = (record[position] & 0xFF) << 24 | (record[position + 1] & 0xFF) << 16
                | (record[position + 2] & 0xFF) << 8 | record[position + 3] & 0xFF;
        position += 4;
        return value;
    }

    private long readLong() throws RecordFormatException {
        return (long) readInt() << 32 | readInt() & 0xFFFF_FFFFL;
    }

    private byte[] readBytes() throws RecordFormatException {
        int length = readInt();
        need(length);
        byte[] bytes = new byte[length];
        System.arraycopy(record, position, bytes, 0, length);
        position += length;
        return bytes;
    }

    private String readString() throws RecordFormatException {
        need(2);
        int length = (record[position] & 0xFF) << 8 | record[position + 1] & 0xFF;
        position += 2;
        need(length);
        String value = new String(record, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }
}
