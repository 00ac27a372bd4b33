package io.weft.core.sys;

import io.weft.core.Broker;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.QoS;
import io.weft.core.dispatch.DispatchRing;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.session.Message;
import io.weft.core.session.SessionRegistry;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Owned by the broker's $SYS virtual thread (one run at a time, started by the timer once per interval), which
 * runs {@link #publishChanged()}: the broker's statistics as retained QoS 0 messages with UTF-8 text payloads under {@value #PREFIX}. They go through
 * the ring as messages the broker makes (publisher id "", no acknowledgement), so they are ordered and
 * routed like any other; a value is sent only when it differs from what was sent last.
 */
public final class SysTopics {

    private static final System.Logger LOG = System.getLogger(SysTopics.class.getName());
    public static final String PREFIX = "$SYS/broker/";
    private static final String DROPPED = "dropped";
    private static final String REFUSED = "refused";
    /** The payloads are UTF-8 text: Payload Format Indicator 1 tells 5.0 subscribers so. */
    private static final MqttProperties UTF8_TEXT = MqttProperties.builder()
            .put(PropertyId.PAYLOAD_FORMAT_INDICATOR, 1).build();

    /** Topic (without the prefix) to its current value, in publishing order. */
    private final Map<String, Supplier<String>> values;
    private final Consumer<Message> publisher;
    /** What each topic was last sent with. */
    private final Map<String, String> sent = new HashMap<>();

    SysTopics(Map<String, Supplier<String>> values, Consumer<Message> publisher) {
        this.values = values;
        this.publisher = publisher;
    }

    /** The standard topics of a running broker; uptime counts from {@code startedNanos} ({@link System#nanoTime}). */
    public static SysTopics of(BrokerCounters counters, SessionRegistry sessions, DispatchRing ring,
                               long startedNanos) {
        Map<String, Supplier<String>> values = new LinkedHashMap<>();
        String version = "weft " + Broker.version();
        values.put("version", () -> version);
        values.put("uptime", () -> text(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos)));
        values.put("clients/connected", () -> text(counters.clients.current()));
        values.put("clients/total", () -> text(sessions.size()));
        values.put("clients/maximum", () -> text(counters.clients.maximum()));
        values.put("messages/received", () -> text(counters.messagesReceived.sum()));
        values.put("messages/sent", () -> text(counters.messagesSent.sum()));
        values.put("bytes/received", () -> text(counters.bytesReceived.sum()));
        values.put("bytes/sent", () -> text(counters.bytesSent.sum()));
        values.put("subscriptions/count", () -> text(ring.subscriptionCount()));
        values.put("retained messages/count", () -> text(ring.retainedCount()));
        dropCounters(counters).forEach((topic, counter) -> values.put(topic, () -> text(counter.sum())));
        return new SysTopics(values, message -> ring.publish(message, null, null, ProtocolVersion.MQTT_5, 0));
    }

    /** Publishes every value that changed since the last call (all of them the first time). */
    public void publishChanged() {
        try {
            changed().forEach((topic, value) -> publisher.accept(new Message(PREFIX + topic,
                    value.getBytes(StandardCharsets.UTF_8), QoS.AT_MOST_ONCE, true, UTF8_TEXT, "")));
        } catch (RuntimeException failure) {
            // A scheduled task that throws is never run again: log, and try again next interval.
            LOG.log(System.Logger.Level.ERROR, "publishing $SYS topics failed", failure);
        }
    }

    /** The topics (without the prefix) whose value differs from the one last returned, with their values. */
    Map<String, String> changed() {
        Map<String, String> changed = new LinkedHashMap<>();
        values.forEach((topic, source) -> {
            String value = source.get();
            if (!value.equals(sent.put(topic, value))) {
                changed.put(topic, value);
            }
        });
        return changed;
    }

    /**
     * One topic per {@code dropped*} and {@code refused*} counter of {@link BrokerCounters}, found by
     * reflection so that a counter added there is published without a change here: {@code droppedQueueFull}
     * is {@code messages/dropped/queue-full}. Sorted by topic.
     */
    static Map<String, LongAdder> dropCounters(BrokerCounters counters) {
        Map<String, LongAdder> result = new LinkedHashMap<>();
        Arrays.stream(BrokerCounters.class.getFields())
                .filter(field -> field.getType() == LongAdder.class && !Modifier.isStatic(field.getModifiers()))
                .filter(field -> field.getName().startsWith(DROPPED) || field.getName().startsWith(REFUSED))
                .sorted(Comparator.comparing(field -> topicOf(field.getName())))
                .forEach(field -> result.put(topicOf(field.getName()), read(field, counters)));
        return result;
    }

    /** {@code droppedQueueFull} -> {@code messages/dropped/queue-full}. */
    static String topicOf(String counterName) {
        String kind = counterName.startsWith(DROPPED) ? DROPPED : REFUSED;
        StringBuilder topic = new StringBuilder("messages/").append(kind).append('/');
        String reason = counterName.substring(kind.length());
        for (int i = 0; i < reason.length(); i++) {
            char letter = reason.charAt(i);
            if (Character.isUpperCase(letter)) {
                if (i > 0) {
                    topic.append('-');
                }
                topic.append(Character.toLowerCase(letter));
            } else {
                topic.append(letter);
            }
        }
        return topic.toString();
    }

    private static LongAdder read(Field field, BrokerCounters counters) {
        try {
            return (LongAdder) field.get(counters);
        } catch (IllegalAccessException impossible) {
            throw new IllegalStateException("public counter not readable: " + field.getName(), impossible);
        }
    }

    private static String text(long value) {
        return Long.toString(value);
    }
}
