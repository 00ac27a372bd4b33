package io.weft.core.codec;

import static io.weft.core.codec.ProtocolVersion.MQTT_3_1;
import static io.weft.core.codec.ProtocolVersion.MQTT_3_1_1;

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
import io.weft.core.codec.MqttPacket.SubAck;
import io.weft.core.codec.MqttPacket.Subscribe;
import io.weft.core.codec.MqttPacket.Subscription;
import io.weft.core.codec.MqttPacket.UnsubAck;
import io.weft.core.codec.MqttPacket.Unsubscribe;
import io.weft.core.codec.MqttPacket.Will;
import java.util.List;
import java.util.stream.Stream;

/** Hand-written MQTT 3.1 and 3.1.1 packets, decoded and re-encoded to the same bytes. */
class Mqtt3FixturesTest extends WireFixtureRoundTrip {

    private static final MqttProperties NONE = MqttProperties.EMPTY;

    static Stream<WireFixture> fixtures() {
        return Stream.of(
                WireFixture.of("3.1 CONNECT with user name and password", MQTT_3_1,
                        new Connect(MQTT_3_1, "c1", true, 60, null, "u", bytes("p"), NONE), """
                        10 16                   // CONNECT, remaining length 22
                        00 06 4D 51 49 73 64 70 // protocol name "MQIsdp"
                        03                      // protocol level 3
                        C2                      // flags: user name, password, clean session
                        00 3C                   // keep alive 60
                        00 02 63 31             // client id "c1"
                        00 01 75                // user name "u"
                        00 01 70                // password "p"
                        """),
                WireFixture.of("3.1.1 CONNECT with a retained QoS 1 will", MQTT_3_1_1,
                        new Connect(MQTT_3_1_1, "id", true, 10,
                                new Will("w/t", bytes("bye"), QoS.AT_LEAST_ONCE, true, NONE), null, null, NONE), """
                        10 18                   // CONNECT, remaining length 24
                        00 04 4D 51 54 54       // protocol name "MQTT"
                        04                      // protocol level 4
                        2E                      // flags: will retain, will QoS 1, will, clean session
                        00 0A                   // keep alive 10
                        00 02 69 64             // client id "id"
                        00 03 77 2F 74          // will topic "w/t"
                        00 03 62 79 65          // will payload "bye"
                        """),
                WireFixture.of("3.1.1 CONNECT with empty client id", MQTT_3_1_1,
                        new Connect(MQTT_3_1_1, "", true, 0, null, null, null, NONE), """
                        10 0C                   // CONNECT, remaining length 12
                        00 04 4D 51 54 54       // protocol name "MQTT"
                        04                      // protocol level 4
                        02                      // flags: clean session
                        00 00                   // keep alive 0 (off)
                        00 00                   // client id "" (the server assigns one)
                        """),
                WireFixture.of("3.1.1 CONNACK accepted, session present", MQTT_3_1_1,
                        new ConnAck(true, ReasonCode.SUCCESS, NONE), """
                        20 02                   // CONNACK, remaining length 2
                        01                      // session present
                        00                      // return code 0: accepted
                        """),
                WireFixture.of("3.1.1 CONNACK not authorized", MQTT_3_1_1,
                        new ConnAck(false, ReasonCode.NOT_AUTHORIZED, NONE), """
                        20 02                   // CONNACK, remaining length 2
                        00                      // no session
                        05                      // return code 5: not authorized (0x87)
                        """),
                WireFixture.of("3.1 CONNACK identifier rejected", MQTT_3_1,
                        new ConnAck(false, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, NONE), """
                        20 02                   // CONNACK, remaining length 2
                        00                      // reserved in 3.1
                        02                      // return code 2: identifier rejected (0x85)
                        """),
                WireFixture.of("3.1.1 PUBLISH QoS 0", MQTT_3_1_1,
                        new Publish(false, QoS.AT_MOST_ONCE, false, "a/b", 0, NONE, bytes("hi")), """
                        30 07                   // PUBLISH, QoS 0, remaining length 7
                        00 03 61 2F 62          // topic "a/b"
                        68 69                   // payload "hi"
                        """),
                WireFixture.of("3.1.1 PUBLISH QoS 1, DUP, retain", MQTT_3_1_1,
                        new Publish(true, QoS.AT_LEAST_ONCE, true, "a/b", 7, NONE, bytes("x")), """
                        3B 08                   // PUBLISH, DUP, QoS 1, retain, remaining length 8
                        00 03 61 2F 62          // topic "a/b"
                        00 07                   // packet id 7
                        78                      // payload "x"
                        """),
                WireFixture.of("3.1.1 PUBLISH QoS 2 empty payload", MQTT_3_1_1,
                        new Publish(false, QoS.EXACTLY_ONCE, false, "t", 65535, NONE, new byte[0]), """
                        34 05                   // PUBLISH, QoS 2, remaining length 5
                        00 01 74                // topic "t"
                        FF FF                   // packet id 65535
                        """),
                WireFixture.of("3.1.1 PUBACK", MQTT_3_1_1, new PubAck(7, ReasonCode.SUCCESS, NONE), """
                        40 02 00 07             // PUBACK, remaining length 2, packet id 7
                        """),
                WireFixture.of("3.1.1 PUBREC", MQTT_3_1_1, new PubRec(8, ReasonCode.SUCCESS, NONE), """
                        50 02 00 08             // PUBREC, remaining length 2, packet id 8
                        """),
                WireFixture.of("3.1.1 PUBREL", MQTT_3_1_1, new PubRel(8, ReasonCode.SUCCESS, NONE), """
                        62 02 00 08             // PUBREL (flags 0010), remaining length 2, packet id 8
                        """),
                WireFixture.of("3.1.1 PUBCOMP", MQTT_3_1_1, new PubComp(8, ReasonCode.SUCCESS, NONE), """
                        70 02 00 08             // PUBCOMP, remaining length 2, packet id 8
                        """),
                WireFixture.of("3.1.1 SUBSCRIBE two filters", MQTT_3_1_1,
                        new Subscribe(10, List.of(Subscription.of("a/#", QoS.AT_LEAST_ONCE),
                                Subscription.of("b", QoS.EXACTLY_ONCE)), NONE), """
                        82 0C                   // SUBSCRIBE (flags 0010), remaining length 12
                        00 0A                   // packet id 10
                        00 03 61 2F 23          // filter "a/#"
                        01                      // requested QoS 1
                        00 01 62                // filter "b"
                        02                      // requested QoS 2
                        """),
                WireFixture.of("3.1.1 SUBACK granted and failed", MQTT_3_1_1,
                        new SubAck(10, List.of(ReasonCode.GRANTED_QOS_1, ReasonCode.UNSPECIFIED_ERROR), NONE), """
                        90 04                   // SUBACK, remaining length 4
                        00 0A                   // packet id 10
                        01                      // granted QoS 1
                        80                      // failure
                        """),
                WireFixture.of("3.1.1 UNSUBSCRIBE", MQTT_3_1_1,
                        new Unsubscribe(11, List.of("a/#"), NONE), """
                        A2 07                   // UNSUBSCRIBE (flags 0010), remaining length 7
                        00 0B                   // packet id 11
                        00 03 61 2F 23          // filter "a/#"
                        """),
                WireFixture.of("3.1.1 UNSUBACK", MQTT_3_1_1, new UnsubAck(11, List.of(), NONE), """
                        B0 02 00 0B             // UNSUBACK, remaining length 2, packet id 11 (no payload in 3.x)
                        """),
                WireFixture.of("3.1.1 PINGREQ", MQTT_3_1_1, new PingReq(), """
                        C0 00                   // PINGREQ, remaining length 0
                        """),
                WireFixture.of("3.1.1 PINGRESP", MQTT_3_1_1, new PingResp(), """
                        D0 00                   // PINGRESP, remaining length 0
                        """),
                WireFixture.of("3.1.1 DISCONNECT", MQTT_3_1_1, new Disconnect(ReasonCode.SUCCESS, NONE), """
                        E0 00                   // DISCONNECT, remaining length 0
                        """));
    }
}
