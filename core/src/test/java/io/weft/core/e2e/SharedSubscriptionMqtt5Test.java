package io.weft.core.e2e;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.weft.core.BrokerSettings;
import io.weft.core.ProtocolSettings;
import io.weft.core.SharedStrategy;
import io.weft.core.SharedSubscriptionSettings;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared subscriptions {@code $share/{ShareName}/{filter}} (spec 4.8.2) with HiveMQ clients: each message to
 * exactly one member, by the configured strategy; members that are offline; a second, non-shared copy.
 * That nothing more arrives is proven by a marker sent after, on a non-shared subscription of every member.
 */
class SharedSubscriptionMqtt5Test {

    private static final String MARKER_TOPIC = "marker";

    private TestBroker broker;
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.stream().filter(client -> client.getState().isConnected()).forEach(Mqtt5BlockingClient::disconnect);
        broker.close();
    }

    /** Test settings with shared subscriptions switched off ({@code mqtt.shared-subscriptions: false}). */
    static BrokerSettings sharedSubscriptionsOff() {
        ProtocolSettings on = ProtocolSettings.defaults();
        return TestBroker.settings().with(new ProtocolSettings(on.receiveMaximum(), on.topicAliasMaximum(),
                on.outboundTopicAliases(), on.maximumKeepAliveSeconds(), on.maximumQos(), on.retainAvailable(),
                on.wildcardSubscriptions(), on.subscriptionIdentifiers(), false, on.responseInformation()));
    }

    private void start(SharedStrategy strategy, int maximumQueued) {
        BrokerSettings settings = TestBroker.settings().with(new SharedSubscriptionSettings(strategy, maximumQueued));
        broker = TestBroker.start(settings);
    }

    /** A member: a client whose every received PUBLISH (payload, QoS) is recorded in arrival order. */
    private final class Member {
        final String id;
        final Mqtt5BlockingClient client;
        final List<Mqtt5Publish> received = new CopyOnWriteArrayList<>();

        Member(String id) {
            this.id = id;
            this.client = HiveClients.client(broker, id);
            clients.add(client);
            client.toAsync().publishes(MqttGlobalPublishFilter.ALL, received::add);
        }

        Member connect() {
            client.connect();
            return this;
        }

        Member connectPersistent(boolean cleanStart) {
            client.connectWith().cleanStart(cleanStart).sessionExpiryInterval(3600).send();
            return this;
        }

        Member subscribe(String filter, MqttQos qos) {
            client.subscribeWith().topicFilter(filter).qos(qos).send();
            return this;
        }

        List<String> payloads() {
            return received.stream().map(HiveClients::text).filter(text -> !text.startsWith("marker")).toList();
        }

        boolean sawMarker(String marker) {
            return received.stream().map(HiveClients::text).anyMatch(marker::equals);
        }
    }

    private Member member(String id, String sharedFilter) {
        return new Member(id).connect().subscribe(sharedFilter, MqttQos.AT_LEAST_ONCE)
                .subscribe(MARKER_TOPIC, MqttQos.AT_LEAST_ONCE);
    }

    private static void publish(Mqtt5BlockingClient publisher, String topic, String payload, MqttQos qos) {
        publisher.publishWith().topic(topic).qos(qos).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    private static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(index -> prefix + index).toList();
    }

    /** Publishes a marker and waits until every member has it: what was sent before has arrived. */
    private void settle(Mqtt5BlockingClient publisher, String marker, Member... members) {
        publish(publisher, MARKER_TOPIC, marker, MqttQos.AT_LEAST_ONCE);
        for (Member member : members) {
            await().atMost(Duration.ofSeconds(5)).until(() -> member.sawMarker(marker));
        }
    }

    private Mqtt5BlockingClient publisher(String id) {
        Mqtt5BlockingClient publisher = HiveClients.client(broker, id);
        clients.add(publisher);
        publisher.connect();
        return publisher;
    }

    private static void assertPartition(List<String> expected, Member... members) {
        List<String> all = new ArrayList<>();
        for (Member member : members) {
            all.addAll(member.payloads());
        }
        assertThat(all).as("every message exactly once over the members").containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @DisplayName("round robin: 3 members get disjoint thirds whose union is every message [MQTT-4.8.2-3]")
    void roundRobin() {
        start(SharedStrategy.ROUND_ROBIN, 100);
        Member a = member("rr-a", "$share/workers/jobs/#");
        Member b = member("rr-b", "$share/workers/jobs/#");
        Member c = member("rr-c", "$share/workers/jobs/#");
        Mqtt5BlockingClient publisher = publisher("rr-publisher");
        List<String> sent = numbered("job-", 30);
        sent.forEach(payload -> publish(publisher, "jobs/print", payload, MqttQos.AT_LEAST_ONCE));
        settle(publisher, "marker-rr", a, b, c);
        assertPartition(sent, a, b, c);
        assertThat(List.of(a.payloads().size(), b.payloads().size(), c.payloads().size())).containsOnly(10);
    }

    @Test
    @DisplayName("sticky: every message to one member while it is connected, then to one other")
    void sticky() {
        start(SharedStrategy.STICKY, 100);
        Member a = member("sticky-a", "$share/s/t");
        Member b = member("sticky-b", "$share/s/t");
        Mqtt5BlockingClient publisher = publisher("sticky-publisher");
        List<String> first = numbered("first-", 10);
        first.forEach(payload -> publish(publisher, "t", payload, MqttQos.AT_LEAST_ONCE));
        settle(publisher, "marker-1", a, b);
        Member chosen = a.payloads().isEmpty() ? b : a;
        Member other = chosen == a ? b : a;
        assertThat(chosen.payloads()).containsExactlyElementsOf(first);
        assertThat(other.payloads()).isEmpty();

        chosen.client.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().sessions().get(chosen.id) == null);
        List<String> second = numbered("second-", 10);
        second.forEach(payload -> publish(publisher, "t", payload, MqttQos.AT_LEAST_ONCE));
        settle(publisher, "marker-2", other);
        assertThat(other.payloads()).containsExactlyElementsOf(second);
    }

    @Test
    @DisplayName("hashed: all messages of one publisher go to one member, in order")
    void hashed() {
        start(SharedStrategy.HASHED, 100);
        Member a = member("hash-a", "$share/h/sensors/+");
        Member b = member("hash-b", "$share/h/sensors/+");
        Member c = member("hash-c", "$share/h/sensors/+");
        List<String> expected = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            Mqtt5BlockingClient publisher = publisher("hash-publisher-" + p);
            List<String> sent = numbered("p" + p + "-", 5);
            sent.forEach(payload -> publish(publisher, "sensors/s", payload, MqttQos.AT_LEAST_ONCE));
            expected.addAll(sent);
        }
        settle(clients.getLast(), "marker-h", a, b, c);
        assertPartition(expected, a, b, c);
        for (int p = 0; p < 6; p++) {
            String prefix = "p" + p + "-";
            Set<String> receivers = new HashSet<>();
            for (Member member : List.of(a, b, c)) {
                List<String> own = member.payloads().stream().filter(text -> text.startsWith(prefix)).toList();
                if (!own.isEmpty()) {
                    receivers.add(member.id);
                    assertThat(own).as("one publisher's messages keep their order").containsExactlyElementsOf(
                            numbered(prefix, 5));
                }
            }
            assertThat(receivers).as("members that got messages of publisher %d", p).hasSize(1);
        }
    }

    @Test
    @DisplayName("a session with a shared and a non-shared subscription gets both copies (spec 4.8.2)")
    void sharedAndNonShared() {
        start(SharedStrategy.ROUND_ROBIN, 100);
        Member both = member("both", "$share/g/news").subscribe("news", MqttQos.AT_LEAST_ONCE);
        Mqtt5BlockingClient publisher = publisher("both-publisher");
        publish(publisher, "news", "headline", MqttQos.AT_LEAST_ONCE);
        settle(publisher, "marker-both", both);
        assertThat(both.payloads()).containsExactly("headline", "headline");
    }

    @Test
    @DisplayName("two groups on one filter each get every message; the granted QoS of the member applies [MQTT-4.8.2-3]")
    void groupsAndGrantedQos() {
        start(SharedStrategy.ROUND_ROBIN, 100);
        Member low = new Member("qos-low").connect().subscribe("$share/one/q", MqttQos.AT_MOST_ONCE)
                .subscribe(MARKER_TOPIC, MqttQos.AT_LEAST_ONCE);
        Member high = member("qos-high", "$share/two/q");
        Mqtt5BlockingClient publisher = publisher("qos-publisher");
        publish(publisher, "q", "m", MqttQos.EXACTLY_ONCE);
        settle(publisher, "marker-q", low, high);
        assertThat(low.received.getFirst().getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
        assertThat(high.received.getFirst().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        assertThat(low.payloads()).containsExactly("m");
        assertThat(high.payloads()).containsExactly("m");
    }

    @Test
    @DisplayName("retained messages are not sent on subscribing to a shared subscription (spec 3.3.1.3)")
    void noRetainedOnSubscribe() {
        start(SharedStrategy.ROUND_ROBIN, 100);
        Mqtt5BlockingClient publisher = publisher("retain-publisher");
        publisher.publishWith().topic("state/door").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload("open".getBytes(StandardCharsets.UTF_8)).send();
        Member member = member("retain-member", "$share/g/state/#");
        settle(publisher, "marker-r", member);
        assertThat(member.payloads()).isEmpty();
    }

    @Test
    @DisplayName("every member offline: messages wait for the group and go to the first member that connects")
    void allOffline() {
        start(SharedStrategy.ROUND_ROBIN, 100);
        Member a = new Member("offline-a").connectPersistent(true).subscribe("$share/g/o", MqttQos.AT_LEAST_ONCE);
        Member b = new Member("offline-b").connectPersistent(true).subscribe("$share/g/o", MqttQos.AT_LEAST_ONCE)
                .subscribe(MARKER_TOPIC, MqttQos.AT_LEAST_ONCE);
        a.client.disconnect();
        b.client.disconnect();
        awaitDetached("offline-a", "offline-b");
        Mqtt5BlockingClient publisher = publisher("offline-publisher");
        List<String> sent = numbered("o-", 10);
        sent.forEach(payload -> publish(publisher, "o", payload, MqttQos.AT_LEAST_ONCE));

        b.connectPersistent(false);
        settle(publisher, "marker-o", b);
        assertThat(b.payloads()).containsExactlyElementsOf(sent);
    }

    @Test
    @DisplayName("every member offline: beyond shared.max-queued-messages messages are dropped and counted")
    void offlineLimit() {
        start(SharedStrategy.ROUND_ROBIN, 5);
        Member a = new Member("limit-a").connectPersistent(true).subscribe("$share/g/l", MqttQos.AT_LEAST_ONCE)
                .subscribe(MARKER_TOPIC, MqttQos.AT_LEAST_ONCE);
        a.client.disconnect();
        awaitDetached("limit-a");
        Mqtt5BlockingClient publisher = publisher("limit-publisher");
        List<String> sent = numbered("l-", 8);
        sent.forEach(payload -> publish(publisher, "l", payload, MqttQos.AT_LEAST_ONCE));

        a.connectPersistent(false);
        settle(publisher, "marker-l", a);
        assertThat(a.payloads()).containsExactlyElementsOf(sent.subList(0, 5));
        assertThat(broker.broker().counters().droppedSharedQueueFull.sum()).isEqualTo(3);
    }

    private void awaitDetached(String... clientIds) {
        for (String clientId : clientIds) {
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().sessions().get(clientId) != null
                    && !broker.broker().sessions().get(clientId).isConnected());
        }
    }
}
