package io.weft.core.codec;

import static io.weft.core.codec.ProtocolVersion.MQTT_5;

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
import java.util.List;
import java.util.stream.Stream;

/** Hand-written MQTT 5.0 packets, with properties and short forms, decoded and re-encoded to the same bytes. */
class Mqtt5FixturesTest extends WireFixtureRoundTrip {

    private static final MqttProperties NONE = MqttProperties.EMPTY;

    static Stream<WireFixture> fixtures() {
        return Stream.of(
                WireFixture.of("5.0 CONNECT with properties and a will", MQTT_5,
                        new Connect(MQTT_5, "c", true, 30,
                                new Will("w", bytes("x"), QoS.AT_MOST_ONCE, false, properties()
                                        .put(PropertyId.WILL_DELAY_INTERVAL, 5L).build()),
                                "u", null, properties()
                                .put(PropertyId.SESSION_EXPIRY_INTERVAL, 3600L)
                                .put(PropertyId.RECEIVE_MAXIMUM, 20)
                                .userProperty("k", "v").build()), """
                        10 2C                   // CONNECT, remaining length 44
                        00 04 4D 51 54 54       // protocol name "MQTT"
                        05                      // protocol level 5
                        86                      // flags: user name, will (QoS 0), clean start
                        00 1E                   // keep alive 30
                        0F                      // property length 15
                        11 00 00 0E 10          //   session expiry interval 3600
                        21 00 14                //   receive maximum 20
                        26 00 01 6B 00 01 76    //   user property "k" = "v"
                        00 01 63                // client id "c"
                        05                      // will property length 5
                        18 00 00 00 05          //   will delay interval 5
                        00 01 77                // will topic "w"
                        00 01 78                // will payload "x"
                        00 01 75                // user name "u"
                        """),
                WireFixture.of("5.0 CONNECT password without user name", MQTT_5,
                        new Connect(MQTT_5, "", false, 0, null, null, new byte[] {1, 2}, NONE), """
                        10 11                   // CONNECT, remaining length 17
                        00 04 4D 51 54 54       // protocol name "MQTT"
                        05                      // protocol level 5
                        40                      // flags: password only (allowed in 5.0)
                        00 00                   // keep alive 0
                        00                      // property length 0
                        00 00                   // client id ""
                        00 02 01 02             // password 01 02
                        """),
                WireFixture.of("5.0 CONNACK with properties", MQTT_5,
                        new ConnAck(false, ReasonCode.SUCCESS, properties()
                                .put(PropertyId.ASSIGNED_CLIENT_IDENTIFIER, "ab")
                                .put(PropertyId.TOPIC_ALIAS_MAXIMUM, 10)
                                .put(PropertyId.MAXIMUM_QOS, 1).build()), """
                        20 0D                   // CONNACK, remaining length 13
                        00                      // no session present
                        00                      // reason code success
                        0A                      // property length 10
                        12 00 02 61 62          //   assigned client id "ab"
                        22 00 0A                //   topic alias maximum 10
                        24 01                   //   maximum QoS 1
                        """),
                WireFixture.of("5.0 CONNACK bad user name or password", MQTT_5,
                        new ConnAck(false, ReasonCode.BAD_USER_NAME_OR_PASSWORD, NONE), """
                        20 03 00 86 00          // CONNACK, length 3, no session, 0x86, no properties
                        """),
                WireFixture.of("5.0 PUBLISH QoS 2 with properties", MQTT_5,
                        new Publish(false, QoS.EXACTLY_ONCE, false, "t", 5, properties()
                                .put(PropertyId.PAYLOAD_FORMAT_INDICATOR, 1)
                                .put(PropertyId.MESSAGE_EXPIRY_INTERVAL, 60L)
                                .put(PropertyId.CONTENT_TYPE, "text")
                                .put(PropertyId.CORRELATION_DATA, new byte[] {(byte) 0xCA, (byte) 0xFE})
                                .subscriptionIdentifier(7)
                                .subscriptionIdentifier(128)
                                .put(PropertyId.TOPIC_ALIAS, 2).build(), bytes("hey")), """
                        34 24                   // PUBLISH, QoS 2, remaining length 36
                        00 01 74                // topic "t"
                        00 05                   // packet id 5
                        1B                      // property length 27
                        01 01                   //   payload format indicator: UTF-8
                        02 00 00 00 3C          //   message expiry interval 60
                        03 00 04 74 65 78 74    //   content type "text"
                        09 00 02 CA FE          //   correlation data CA FE
                        0B 07                   //   subscription identifier 7
                        0B 80 01                //   subscription identifier 128 (two-byte varint)
                        23 00 02                //   topic alias 2
                        68 65 79                // payload "hey"
                        """),
                WireFixture.of("5.0 PUBLISH empty topic with topic alias", MQTT_5,
                        new Publish(false, QoS.AT_MOST_ONCE, false, "", 0,
                                properties().put(PropertyId.TOPIC_ALIAS, 1).build(), bytes("z")), """
                        30 07                   // PUBLISH, QoS 0, remaining length 7
                        00 00                   // topic "" (the alias names it)
                        03                      // property length 3
                        23 00 01                //   topic alias 1
                        7A                      // payload "z"
                        """),
                WireFixture.of("5.0 PUBACK short form", MQTT_5, new PubAck(1, ReasonCode.SUCCESS, NONE), """
                        40 02 00 01             // PUBACK, remaining length 2, packet id 1: success, no properties
                        """),
                WireFixture.of("5.0 PUBACK reason code only", MQTT_5,
                        new PubAck(1, ReasonCode.NO_MATCHING_SUBSCRIBERS, NONE), """
                        40 03 00 01             // PUBACK, remaining length 3, packet id 1
                        10                      // no matching subscribers, no property length
                        """),
                WireFixture.of("5.0 PUBREC with reason string", MQTT_5,
                        new PubRec(2, ReasonCode.UNSPECIFIED_ERROR,
                                properties().put(PropertyId.REASON_STRING, "bad").build()), """
                        50 0A                   // PUBREC, remaining length 10
                        00 02                   // packet id 2
                        80                      // unspecified error
                        06                      // property length 6
                        1F 00 03 62 61 64       //   reason string "bad"
                        """),
                WireFixture.of("5.0 PUBREL packet id not found", MQTT_5,
                        new PubRel(3, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, NONE), """
                        62 03 00 03 92          // PUBREL, remaining length 3, packet id 3, not found
                        """),
                WireFixture.of("5.0 PUBCOMP short form", MQTT_5, new PubComp(3, ReasonCode.SUCCESS, NONE), """
                        70 02 00 03             // PUBCOMP, remaining length 2, packet id 3
                        """),
                WireFixture.of("5.0 SUBSCRIBE with options", MQTT_5,
                        new Subscribe(1, List.of(
                                new Subscription("a/+", QoS.AT_LEAST_ONCE, true, true,
                                        RetainHandling.DO_NOT_SEND),
                                Subscription.of("$share/g/x", QoS.AT_MOST_ONCE)),
                                properties().subscriptionIdentifier(42).build()), """
                        82 18                   // SUBSCRIBE (flags 0010), remaining length 24
                        00 01                   // packet id 1
                        02                      // property length 2
                        0B 2A                   //   subscription identifier 42
                        00 03 61 2F 2B          // filter "a/+"
                        2D                      // retain handling 2, retain as published, no local, QoS 1
                        00 0A 24 73 68 61 72 65 2F 67 2F 78 // filter "$share/g/x"
                        00                      // QoS 0, no flags
                        """),
                WireFixture.of("5.0 SUBACK", MQTT_5,
                        new SubAck(1, List.of(ReasonCode.GRANTED_QOS_1, ReasonCode.GRANTED_QOS_0,
                                ReasonCode.TOPIC_FILTER_INVALID, ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED),
                                NONE), """
                        90 07                   // SUBACK, remaining length 7
                        00 01                   // packet id 1
                        00                      // property length 0
                        01 00 8F A2             // granted 1, granted 0, filter invalid, wildcards unsupported
                        """),
                WireFixture.of("5.0 UNSUBSCRIBE with user property", MQTT_5,
                        new Unsubscribe(2, List.of("a/+"), properties().userProperty("k", "v").build()), """
                        A2 0F                   // UNSUBSCRIBE (flags 0010), remaining length 15
                        00 02                   // packet id 2
                        07                      // property length 7
                        26 00 01 6B 00 01 76    //   user property "k" = "v"
                        00 03 61 2F 2B          // filter "a/+"
                        """),
                WireFixture.of("5.0 UNSUBACK", MQTT_5,
                        new UnsubAck(2, List.of(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED), NONE), """
                        B0 05                   // UNSUBACK, remaining length 5
                        00 02                   // packet id 2
                        00                      // property length 0
                        00 11                   // success, no subscription existed
                        """),
                WireFixture.of("5.0 PINGREQ", MQTT_5, new PingReq(), """
                        C0 00                   // PINGREQ
                        """),
                WireFixture.of("5.0 PINGRESP", MQTT_5, new PingResp(), """
                        D0 00                   // PINGRESP
                        """),
                WireFixture.of("5.0 DISCONNECT short form", MQTT_5,
                        new Disconnect(ReasonCode.NORMAL_DISCONNECTION, NONE), """
                        E0 00                   // DISCONNECT, remaining length 0: normal, no properties
                        """),
                WireFixture.of("5.0 DISCONNECT reason code only", MQTT_5,
                        new Disconnect(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE, NONE), """
                        E0 01 04                // DISCONNECT, remaining length 1: with will message
                        """),
                WireFixture.of("5.0 DISCONNECT with reason string", MQTT_5,
                        new Disconnect(ReasonCode.SERVER_SHUTTING_DOWN,
                                properties().put(PropertyId.REASON_STRING, "bye").build()), """
                        E0 08                   // DISCONNECT, remaining length 8
                        8B                      // server shutting down
                        06                      // property length 6
                        1F 00 03 62 79 65       //   reason string "bye"
                        """),
                WireFixture.of("5.0 AUTH continue", MQTT_5,
                        new Auth(ReasonCode.CONTINUE_AUTHENTICATION, properties()
                                .put(PropertyId.AUTHENTICATION_METHOD, "SCRAM")
                                .put(PropertyId.AUTHENTICATION_DATA, new byte[] {1, 2}).build()), """
                        F0 0F                   // AUTH, remaining length 15
                        18                      // continue authentication
                        0D                      // property length 13
                        15 00 05 53 43 52 41 4D //   authentication method "SCRAM"
                        16 00 02 01 02          //   authentication data 01 02
                        """),
                WireFixture.of("5.0 AUTH short form", MQTT_5, new Auth(ReasonCode.SUCCESS, NONE), """
                        F0 00                   // AUTH, remaining length 0: success, no properties
                        """));
    }

    private static MqttProperties.Builder properties() {
        return MqttProperties.builder();
    }
}
