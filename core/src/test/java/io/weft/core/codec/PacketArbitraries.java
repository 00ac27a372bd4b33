package io.weft.core.codec;

import io.weft.core.codec.MqttPacket.Auth;
import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttPacket.Disconnect;
import io.weft.core.codec.MqttPacket.PingReq;
import io.weft.core.codec.MqttPacket.PingResp;
import io.weft.core.codec.MqttPacket.PubAck;
import io.weft.core.codec.MqttPacket.PubComp;
import io.weft.core.codec.MqttPacket.PubRec;
import io.weft.core.codec.MqttPacket.PubRel;
import io.weft.core.codec.MqttPacket.Publish;
import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttPacket.UnsubAck;
import io.weft.core.codec.MqttPacket.Unsubscribe;
import io.weft.core.codec.MqttPacket.Will;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators of valid packet records for one protocol revision: what a correct peer may send. */
final class PacketArbitraries {

    private static final int[] CONNACK_CODES = {0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
        0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F};
    private static final int[] CONNACK_CODES_3 = {0x00, 0x84, 0x85, 0x86, 0x87, 0x88};
    private static final int[] PUBLISH_RESULT_CODES = {0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99};
    private static final int[] RELEASE_CODES = {0x00, 0x92};
    private static final int[] SUBACK_CODES = {0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1,
        0xA2};
    private static final int[] SUBACK_CODES_3 = {0x00, 0x01, 0x02, 0x80};
    private static final int[] UNSUBACK_CODES = {0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91};
    private static final int[] DISCONNECT_CODES = {0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E,
        0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2};
    private static final int[] AUTH_CODES = {0x00, 0x18, 0x19};

    private final ProtocolVersion version;
    private final boolean mqtt5;

    PacketArbitraries(ProtocolVersion version) {
        this.version = version;
        this.mqtt5 = version.isMqtt5();
    }

    /** Any packet the revision has, each type about equally likely. */
    Arbitrary<MqttPacket> packets() {
        List<Arbitrary<? extends MqttPacket>> all = new ArrayList<>(List.of(connect(), connAck(), publish(),
                acknowledgement(), subscribe(), subAck(), unsubscribe(), unsubAck(),
                Arbitraries.of(new PingReq(), new PingResp()), disconnect()));
        if (mqtt5) {
            all.add(auth());
        }
        return Arbitraries.oneOf(all);
    }

    /** Unicode text without U+0000 and without unpaired surrogates [MQTT-1.5.4-1], [MQTT-1.5.4-2]. */
    static Arbitrary<String> text(int maxCodePoints) {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(1, 0x7F)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0xFFFF)
                        .filter(value -> value < 0xD800 || value > 0xDFFF)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)));
        return codePoint.list().ofMaxSize(maxCodePoints).map(points -> {
            StringBuilder text = new StringBuilder();
            points.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    static Arbitrary<String> topicName() {
        return text(20).filter(TopicValidation::isValidTopicName);
    }

    static Arbitrary<byte[]> payload() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
    }

    Arbitrary<Connect> connect() {
        Arbitrary<Will> will = Combinators.combine(topicName(), payload(), Arbitraries.of(QoS.class),
                Arbitraries.of(true, false), properties(PropertiesCodec.Block.WILL)).as(Will::new);
        Arbitrary<String> username = text(10).injectNull(0.4);
        Arbitrary<byte[]> password = Arbitraries.bytes().array(byte[].class).ofMaxSize(30).injectNull(0.4);
        return Combinators.combine(text(23), Arbitraries.of(true, false), Arbitraries.integers().between(0, 65535),
                        will.injectNull(0.5), username, password, properties(PropertiesCodec.Block.CONNECT))
                .as((clientId, clean, keepAlive, theWill, user, pass, props) ->
                        new Connect(version, clientId, clean, keepAlive, theWill, user,
                                user == null && !mqtt5 ? null : pass, props)); // [MQTT-3.1.2-22]
    }

    Arbitrary<ConnAck> connAck() {
        return Combinators.combine(Arbitraries.of(true, false), reasonCode(mqtt5 ? CONNACK_CODES : CONNACK_CODES_3),
                        properties(PropertiesCodec.Block.CONNACK))
                .as((sessionPresent, code, props) -> new ConnAck(sessionPresent && !code.isError()
                        && version != ProtocolVersion.MQTT_3_1, code, props));
    }

    Arbitrary<Publish> publish() {
        return Combinators.combine(Arbitraries.of(QoS.class), Arbitraries.of(true, false), Arbitraries.of(true, false),
                        topicName(), packetId(), properties(PropertiesCodec.Block.PUBLISH), payload())
                .as((qos, dup, retain, topic, packetId, props, payload) -> new Publish(dup && qos != QoS.AT_MOST_ONCE,
                        qos, retain, topic, qos == QoS.AT_MOST_ONCE ? 0 : packetId, props, payload));
    }

    Arbitrary<MqttPacket> acknowledgement() {
        Arbitrary<MqttProperties> props = properties(PropertiesCodec.Block.ACKNOWLEDGEMENT);
        Arbitrary<ReasonCode> result = mqtt5 ? reasonCode(PUBLISH_RESULT_CODES) : Arbitraries.just(ReasonCode.SUCCESS);
        Arbitrary<ReasonCode> release = mqtt5 ? reasonCode(RELEASE_CODES) : Arbitraries.just(ReasonCode.SUCCESS);
        return Arbitraries.oneOf(
                Combinators.combine(packetId(), result, props).as(PubAck::new),
                Combinators.combine(packetId(), result, props).as(PubRec::new),
                Combinators.combine(packetId(), release, props).as(PubRel::new),
                Combinators.combine(packetId(), release, props).as(PubComp::new));
    }

    Arbitrary<Subscribe> subscribe() {
        Arbitrary<Subscription> subscription = mqtt5
                ? Combinators.combine(text(20), Arbitraries.of(QoS.class), Arbitraries.of(true, false),
                                Arbitraries.of(true, false), Arbitraries.of(RetainHandling.class)).as(Subscription::new)
                        .filter(s -> !(s.noLocal() && TopicValidation.isSharedSubscription(s.filter())))
                : Combinators.combine(text(20), Arbitraries.of(QoS.class)).as(Subscription::of);
        return Combinators.combine(packetId(), subscription.list().ofMinSize(1).ofMaxSize(5),
                properties(PropertiesCodec.Block.SUBSCRIBE)).as(Subscribe::new);
    }

    Arbitrary<SubAck> subAck() {
        return Combinators.combine(packetId(), reasonCode(mqtt5 ? SUBACK_CODES : SUBACK_CODES_3).list().ofMinSize(1)
                .ofMaxSize(5), properties(PropertiesCodec.Block.ACKNOWLEDGEMENT)).as(SubAck::new);
    }

    Arbitrary<Unsubscribe> unsubscribe() {
        return Combinators.combine(packetId(), text(20).list().ofMinSize(1).ofMaxSize(5),
                properties(PropertiesCodec.Block.UNSUBSCRIBE)).as(Unsubscribe::new);
    }

    Arbitrary<UnsubAck> unsubAck() {
        Arbitrary<List<ReasonCode>> codes = mqtt5 ? reasonCode(UNSUBACK_CODES).list().ofMinSize(1).ofMaxSize(5)
                : Arbitraries.just(List.of());
        return Combinators.combine(packetId(), codes, properties(PropertiesCodec.Block.ACKNOWLEDGEMENT))
                .as(UnsubAck::new);
    }

    Arbitrary<Disconnect> disconnect() {
        return Combinators.combine(mqtt5 ? reasonCode(DISCONNECT_CODES) : Arbitraries.just(ReasonCode.SUCCESS),
                properties(PropertiesCodec.Block.DISCONNECT)).as(Disconnect::new);
    }

    Arbitrary<Auth> auth() {
        return Combinators.combine(reasonCode(AUTH_CODES), properties(PropertiesCodec.Block.AUTH)).as(Auth::new);
    }

    static Arbitrary<Integer> packetId() {
        return Arbitraries.integers().between(1, 65535);
    }

    private static Arbitrary<ReasonCode> reasonCode(int[] values) {
        return Arbitraries.of(Arrays.stream(values).boxed().toList()).map(ReasonCode::new);
    }

    /** Properties allowed in {@code block} with valid values; always empty for 3.x. */
    Arbitrary<MqttProperties> properties(PropertiesCodec.Block block) {
        if (!mqtt5) {
            return Arbitraries.just(MqttProperties.EMPTY);
        }
        List<PropertyId> allowed = Arrays.stream(PropertyId.values())
                .filter(id -> id != PropertyId.USER_PROPERTY && id != PropertyId.SUBSCRIPTION_IDENTIFIER)
                .filter(block::allows).toList();
        Arbitrary<Set<PropertyId>> chosen = allowed.isEmpty() ? Arbitraries.just(Set.of())
                : Arbitraries.subsetOf(allowed);
        Arbitrary<List<UserProperty>> users = Combinators.combine(text(8), text(8)).as(UserProperty::new)
                .list().ofMaxSize(3);
        int maxSubscriptionIds = switch (block) {
            case PUBLISH -> 3;
            case SUBSCRIBE -> 1;
            default -> 0;
        };
        Arbitrary<List<Integer>> subscriptionIds = Arbitraries.integers().between(1, 268_435_455).list()
                .ofMaxSize(maxSubscriptionIds);
        return chosen.flatMap(ids -> {
            List<PropertyId> ordered = List.copyOf(ids);
            List<Arbitrary<Object>> values = ordered.stream().map(PacketArbitraries::value).toList();
            return Combinators.combine(values).as(list -> list).flatMap(list ->
                    Combinators.combine(users, subscriptionIds).as((userList, subIds) -> {
                        MqttProperties.Builder builder = MqttProperties.builder();
                        for (int index = 0; index < ordered.size(); index++) {
                            builder.put(ordered.get(index), list.get(index));
                        }
                        userList.forEach(user -> builder.put(PropertyId.USER_PROPERTY, user));
                        subIds.forEach(builder::subscriptionIdentifier);
                        return builder.build();
                    }));
        });
    }

    @SuppressWarnings("unchecked")
    private static Arbitrary<Object> value(PropertyId id) {
        Arbitrary<?> value = switch (id) {
            case RECEIVE_MAXIMUM, TOPIC_ALIAS -> Arbitraries.integers().between(1, 65535);
            case MAXIMUM_PACKET_SIZE -> Arbitraries.longs().between(1, 0xFFFF_FFFFL);
            default -> switch (id.type()) {
                case BYTE -> Arbitraries.integers().between(0, 1);
                case TWO_BYTE_INTEGER -> Arbitraries.integers().between(0, 65535);
                case FOUR_BYTE_INTEGER -> Arbitraries.longs().between(0, 0xFFFF_FFFFL);
                case VARIABLE_BYTE_INTEGER -> Arbitraries.integers().between(1, 268_435_455);
                case UTF8_STRING -> text(12);
                case BINARY -> Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
                case UTF8_STRING_PAIR -> throw new IllegalArgumentException("user properties are generated apart");
            };
        };
        return (Arbitrary<Object>) value;
    }
}
