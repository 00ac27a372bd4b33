package io.weft.storage;

import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.QoS;
import io.weft.core.session.Message;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.store.StoredMessage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCodecTest {

    private byte[] written;

    private final RecordEncoder encoder = new RecordEncoder(
            (record, length, type) -> written = Arrays.copyOf(record, length));

    private List<String> roundTrip(Consumer<JournalRecords> call) throws RecordFormatException {
        call.accept(encoder);
        RecordDecoder decoder = new RecordDecoder();
        Recorder decoded = new Recorder();
        decoder.decode(decoder.check(written, written.length), decoded);
        return decoded.lines;
    }

    @Property(tries = 300)
    void everyStateRecordRoundTrips(@ForAll("calls") Consumer<JournalRecords> call) throws Exception {
        Recorder expected = new Recorder();
        call.accept(expected);
        assertThat(roundTrip(call)).isEqualTo(expected.lines);
    }

    @Property(tries = 200)
    void messagesRoundTrip(@ForAll("messages") StoredMessage message) throws Exception {
        encoder.message(message.message(), message.receivedAtMillis());
        StoredMessage decoded = new RecordDecoder().message(written, written.length);
        assertThat(Recorder.describe(decoded)).isEqualTo(Recorder.describe(message));
    }

    @Property(tries = 200)
    void anyFlippedBitIsDetected(@ForAll("messages") StoredMessage message, @ForAll int position,
                                 @ForAll("bits") int bit) {
        encoder.message(message.message(), message.receivedAtMillis());
        byte[] damaged = written.clone();
        damaged[Math.floorMod(position, damaged.length)] ^= (byte) (1 << bit);
        assertThatThrownBy(() -> new RecordDecoder().message(damaged, damaged.length))
                .isInstanceOf(RecordFormatException.class);
    }

    @Test
    void completedRecordBytes() {
        encoder.completed("c1", 258);
        assertThat(HexFormat.ofDelimiter(" ").formatHex(written)).isEqualTo(
                "01 0a"                         // format version 1, type COMPLETED
                        + " 00 02 63 31"        // client id "c1"
                        + " 00 00 00 00 00 00 01 02" // sequence 258
                        + " " + crcOf(written));
    }

    @Test
    void completedAllRecordBytes() {
        encoder.completedAll("c1", new long[] {1, 258});
        assertThat(HexFormat.ofDelimiter(" ").formatHex(written)).isEqualTo(
                "01 14"                         // format version 1, type COMPLETED_ALL
                        + " 00 02 63 31"        // client id "c1"
                        + " 00 00 00 02"        // two sequence numbers
                        + " 00 00 00 00 00 00 00 01 00 00 00 00 00 00 01 02" // 1, 258
                        + " " + crcOf(written));
    }

    @Test
    void completedAllWithACountPastTheEndIsRefused() throws Exception {
        encoder.completedAll("c1", new long[] {7});
        byte[] damaged = written.clone();
        damaged[9] = 2; // claims two sequence numbers where one is written
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(damaged, 0, damaged.length - 4);
        java.nio.ByteBuffer.wrap(damaged).putInt(damaged.length - 4, (int) crc.getValue());
        RecordDecoder decoder = new RecordDecoder();
        RecordType type = decoder.check(damaged, damaged.length);
        assertThatThrownBy(() -> decoder.decode(type, new Recorder()))
                .isInstanceOf(RecordFormatException.class);
    }

    @Test
    void willRecordBytes() throws Exception {
        Message will = new Message("w", new byte[] {0x41}, QoS.AT_LEAST_ONCE, true, MqttProperties.EMPTY, "c1");
        encoder.willScheduled("c1", new StoredMessage(will, 0x0102), 0x0304);
        assertThat(HexFormat.ofDelimiter(" ").formatHex(written)).isEqualTo(
                "01 12"                         // format version 1, type WILL_SCHEDULED
                        + " 00 02 63 31"        // client id "c1"
                        + " 00 01 77"           // topic "w"
                        + " 00 00 00 01 41"     // payload "A"
                        + " 01 01"              // QoS 1, retain
                        + " 00 00 00 01 00"     // properties: an empty block
                        + " 00 02 63 31"        // publisher "c1"
                        + " 00 00 00 00 00 00 01 02" // received at
                        + " 00 00 00 00 00 00 03 04" // publish at
                        + " " + crcOf(written));
        encoder.willCancelled("c1");
        assertThat(HexFormat.ofDelimiter(" ").formatHex(written, 0, written.length - 4))
                .isEqualTo("01 13 00 02 63 31"); // version 1, WILL_CANCELLED, client id "c1"
        assertThat(roundTrip(records -> records.willCancelled("c1"))).containsExactly("willCancelled c1");
    }

    @Test
    void sharedCopyRecordBytes() throws Exception {
        encoder.sharedCopy("c1", 0x0102, "$share/g/t");
        assertThat(HexFormat.ofDelimiter(" ").formatHex(written, 0, written.length - 4)).isEqualTo(
                "01 15"                                            // format version 1, type SHARED_COPY
                        + " 00 02 63 31"                           // client id "c1"
                        + " 00 00 00 00 00 00 01 02"               // sequence
                        + " 00 0a 24 73 68 61 72 65 2f 67 2f 74"); // group "$share/g/t"
        assertThat(roundTrip(records -> records.sharedCopy("c1", 3, "$share/g/t")))
                .containsExactly("sharedCopy c1 3 $share/g/t");
    }

    @Test
    void checkpointEndRecordBytes() throws Exception {
        encoder.checkpointEnd(0x1234);
        assertThat(HexFormat.ofDelimiter(" ").formatHex(written, 0, written.length - 4))
                .isEqualTo("01 10 00 00 00 00 00 00 12 34"); // version 1, CHECKPOINT_END, begin index
        assertThat(roundTrip(records -> records.checkpointEnd(0x1234))).containsExactly("checkpointEnd 4660");
    }

    @Test
    void newerVersionIsReportedAsSuch() {
        encoder.discarded("c");
        byte[] newer = written.clone();
        newer[0] = 2;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(newer, 0, newer.length - 4);
        int value = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            newer[newer.length - 4 + i] = (byte) (value >>> (24 - 8 * i));
        }
        assertThatThrownBy(() -> new RecordDecoder().check(newer, newer.length))
                .isInstanceOfSatisfying(RecordFormatException.class, e -> assertThat(e.newerVersion).isEqualTo(2));
    }

    private static String crcOf(byte[] record) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(record, 0, record.length - 4);
        return HexFormat.ofDelimiter(" ").formatHex(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue())
                .array());
    }

    @Provide
    Arbitrary<Integer> bits() {
        return Arbitraries.integers().between(0, 7);
    }

    private static Arbitrary<String> strings() {
        return Arbitraries.strings().ofMaxLength(40); // any chars, including surrogates and NUL
    }

    private static Arbitrary<QoS> qos() {
        return Arbitraries.of(QoS.class);
    }

    private static Arbitrary<List<Integer>> identifiers() {
        return Arbitraries.integers().between(1, 268_435_455).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<StoredMessage> messages() {
        Arbitrary<MqttProperties> properties = Arbitraries.of(
                MqttProperties.EMPTY,
                MqttProperties.builder().put(PropertyId.MESSAGE_EXPIRY_INTERVAL, 60L).userProperty("k", "v")
                        .put(PropertyId.CONTENT_TYPE, "text/plain").build(),
                MqttProperties.builder().put(PropertyId.PAYLOAD_FORMAT_INDICATOR, 1)
                        .put(PropertyId.CORRELATION_DATA, new byte[] {1, 2}).build());
        Arbitrary<Message> message = Combinators.combine(strings(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100), qos(), Arbitraries.of(true, false),
                properties, strings()).as(Message::new);
        return Combinators.combine(message, Arbitraries.longs()).as(StoredMessage::new);
    }

    @Provide
    Arbitrary<Consumer<JournalRecords>> calls() {
        Arbitrary<String> client = strings();
        Arbitrary<Long> number = Arbitraries.longs();
        Arbitrary<Integer> packetId = Arbitraries.integers().between(1, 65535);
        Arbitrary<SubscriptionOptions> options = Combinators.combine(qos(), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.of(RetainHandling.class),
                Arbitraries.integers().between(0, 268_435_455)).as(SubscriptionOptions::new);
        return Arbitraries.oneOf(
                Combinators.combine(client, number, number).as((c, a, b) -> r -> r.session(c, a, b)),
                Combinators.combine(client, number, number).as((c, a, b) -> r -> r.detached(c, a, b)),
                client.map(c -> r -> r.discarded(c)),
                Combinators.combine(client, strings(), options).as((c, f, o) -> r -> r.subscribed(c, f, o)),
                Combinators.combine(client, strings()).as((c, f) -> r -> r.unsubscribed(c, f)),
                Combinators.combine(client, number, number, qos(), Arbitraries.of(true, false), identifiers())
                        .as((c, s, m, q, retain, ids) -> r -> r.enqueued(c, s, m, q, retain, ids)),
                Combinators.combine(client, number, messages(), qos(), Arbitraries.of(true, false), identifiers())
                        .as((c, s, m, q, retain, ids) -> r -> r.entry(c, s, m, q, retain, ids)),
                Combinators.combine(client, number, strings()).as((c, s, g) -> r -> r.sharedCopy(c, s, g)),
                Combinators.combine(client, number).as((c, s) -> r -> r.received(c, s)),
                Combinators.combine(client, number).as((c, s) -> r -> r.completed(c, s)),
                Combinators.combine(client, number.list().ofMinSize(1).ofMaxSize(40)).as((c, list) ->
                        r -> r.completedAll(c, list.stream().mapToLong(Long::longValue).toArray())),
                Combinators.combine(client, packetId).as((c, p) -> r -> r.inbound(c, p)),
                Combinators.combine(client, packetId).as((c, p) -> r -> r.released(c, p)),
                messages().map(m -> r -> r.retained(m)),
                Combinators.combine(client, messages(), number).as((c, m, at) -> r -> r.willScheduled(c, m, at)),
                client.map(c -> r -> r.willCancelled(c)),
                strings().map(t -> r -> r.retainCleared(t)),
                number.map(n -> r -> r.checkpointBegin(n)),
                number.map(n -> r -> r.checkpointEnd(n)),
                number.map(n -> r -> r.checkpointAborted(n)));
    }
}
