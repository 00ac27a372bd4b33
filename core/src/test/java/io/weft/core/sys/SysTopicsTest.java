package io.weft.core.sys;

import io.weft.core.codec.PropertyId;
import io.weft.core.codec.QoS;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.session.Message;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class SysTopicsTest {

    @Test
    @DisplayName("a counter's name becomes its topic: droppedQueueFull -> messages/dropped/queue-full")
    void counterNamesBecomeTopics() {
        assertThat(SysTopics.topicOf("droppedQueueFull")).isEqualTo("messages/dropped/queue-full");
        assertThat(SysTopics.topicOf("droppedOffline")).isEqualTo("messages/dropped/offline");
        assertThat(SysTopics.topicOf("refusedDiskFull")).isEqualTo("messages/refused/disk-full");
    }

    @Test
    @DisplayName("every dropped* and refused* counter of BrokerCounters has a topic, read from that very counter")
    void everyDropCounterHasATopic() throws IllegalAccessException {
        BrokerCounters counters = new BrokerCounters();
        Map<String, LongAdder> topics = SysTopics.dropCounters(counters);

        List<Field> dropFields = Arrays.stream(BrokerCounters.class.getFields())
                .filter(field -> field.getType() == LongAdder.class)
                .filter(field -> field.getName().startsWith("dropped") || field.getName().startsWith("refused"))
                .toList();
        assertThat(dropFields).isNotEmpty();
        assertThat(topics).hasSameSizeAs(dropFields);
        for (Field field : dropFields) {
            assertThat(topics.get(SysTopics.topicOf(field.getName()))).as(field.getName())
                    .isSameAs(field.get(counters));
        }
        assertThat(topics).containsKeys("messages/dropped/queue-full", "messages/dropped/slow-consumer",
                "messages/dropped/too-large", "messages/dropped/offline", "messages/refused/disk-full",
                "messages/refused/sys-topic");
        assertThat(new ArrayList<>(topics.keySet())).isSorted();
    }

    @Test
    @DisplayName("each value is published once, then again only when it changed: retained, QoS 0, from the broker")
    void onlyChangedValuesArePublished() {
        AtomicLong connected = new AtomicLong(1);
        Map<String, Supplier<String>> values = new LinkedHashMap<>();
        values.put("version", () -> "weft 1.2.3");
        values.put("clients/connected", () -> Long.toString(connected.get()));
        List<Message> published = new ArrayList<>();
        SysTopics topics = new SysTopics(values, published::add);

        topics.publishChanged();
        assertThat(published).extracting(Message::topic)
                .containsExactly("$SYS/broker/version", "$SYS/broker/clients/connected");
        assertThat(published).allSatisfy(message -> {
            assertThat(message.retain()).isTrue();
            assertThat(message.qos()).isEqualTo(QoS.AT_MOST_ONCE);
            assertThat(message.publisherId()).isEmpty();
            assertThat(message.properties().integer(PropertyId.PAYLOAD_FORMAT_INDICATOR)).isEqualTo(1); // UTF-8
        });
        assertThat(new String(published.get(1).payload(), StandardCharsets.UTF_8)).isEqualTo("1");

        published.clear();
        topics.publishChanged();
        assertThat(published).isEmpty();

        connected.set(2);
        topics.publishChanged();
        assertThat(published).extracting(Message::topic).containsExactly("$SYS/broker/clients/connected");
        assertThat(new String(published.getFirst().payload(), StandardCharsets.UTF_8)).isEqualTo("2");
    }

    @Test
    @DisplayName("the version comes from the build, as the distribution's --version does")
    void versionFromTheBuild() {
        assertThat(io.weft.core.Broker.version()).isNotEqualTo("unknown").doesNotContain("${").matches("\\d+\\.\\d+.*");
    }
}
