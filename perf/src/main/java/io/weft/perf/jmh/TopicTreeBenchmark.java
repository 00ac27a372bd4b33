package io.weft.perf.jmh;

import io.weft.core.codec.MqttPacket.RetainHandling;
import io.weft.core.codec.QoS;
import io.weft.core.session.SubscriptionOptions;
import io.weft.core.topic.MatchVisitor;
import io.weft.core.topic.TopicTree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Owned by the one JMH benchmark thread, as the tree is owned by the route thread. Measures the route stage's
 * {@link TopicTree} under a telemetry fleet of 10^3 to 10^6 subscriptions. {@code match} is paid once per
 * PUBLISH on the single route thread, so it caps the broker's message rate; {@code churn} (one SUBSCRIBE and
 * one UNSUBSCRIBE) is what connecting and leaving clients cost that same thread.
 *
 * <p>The fleet: sites of {@value #DEVICES_PER_SITE} devices with {@value #METRIC_COUNT} metrics each, as many
 * topics as subscriptions. Subscriptions are mostly exact ({@code site/17/device/42/temp}); 2% watch a site
 * ({@code site/17/#}), 1% a site's devices ({@code site/17/device/+/#}), {@code max(8, n/10^4)} one metric
 * everywhere ({@code site/+/device/+/temp}) and about three everything ({@code #}). A subscriber of the
 * initial fleet holds four filters; churn gives each slot its own subscriber, so the tree keeps its size. A
 * match visits a few tens of subscribers, not thousands: the cost measured is the walk. Everything is drawn
 * from a fixed seed before measuring; the measured methods only cycle through arrays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dchronicle.analytics.disable=true"})
public class TopicTreeBenchmark {

    static final int DEVICES_PER_SITE = 100;
    static final int METRIC_COUNT = 8;
    private static final String[] METRICS = {"temp", "humidity", "pressure", "co2", "battery", "rssi", "voltage",
            "status"};
    /** Pre-generated topics and churn filters; a power of two so the cursor wraps with a mask. */
    private static final int POOL = 1 << 16;
    private static final int FILTERS_PER_SUBSCRIBER = 4;
    private static final SubscriptionOptions OPTIONS = new SubscriptionOptions(QoS.AT_LEAST_ONCE, false, false,
            RetainHandling.SEND_ON_SUBSCRIBE, 0);

    @Param({"1000", "10000", "100000", "1000000"})
    public int subscriptions;

    private final TopicTree<Subscriber, SubscriptionOptions> tree = new TopicTree<>();
    private final Counter counter = new Counter();
    private String[] topics;
    private int topicCursor;

    /** The live subscription of each slot; churn replaces the oldest slot (it cycles through them). */
    private String[] liveFilters;
    private Subscriber[] liveSubscribers;
    private String[] churnFilters;
    private Subscriber[] churnSubscribers;
    private long churnCount;

    /** A session stand-in: identity equality, like {@code Session}. */
    static final class Subscriber {
    }

    /** Counts visits; a field, so the measured method allocates no lambda. */
    static final class Counter implements MatchVisitor<Subscriber, SubscriptionOptions> {
        int visits;

        @Override
        public void visit(Subscriber subscriber, SubscriptionOptions options) {
            visits++;
        }
    }

    @Setup(Level.Trial)
    public void build() {
        SplittableRandom random = new SplittableRandom(20261125L);
        Fleet fleet = new Fleet(subscriptions);
        liveFilters = new String[subscriptions];
        liveSubscribers = new Subscriber[subscriptions];
        Subscriber subscriber = null;
        for (int slot = 0; slot < subscriptions; slot++) {
            if (slot % FILTERS_PER_SUBSCRIBER == 0) {
                subscriber = new Subscriber();
            }
            String filter;
            do {
                filter = fleet.filter(random);
            } while (tree.subscribe(filter, subscriber, OPTIONS) != null); // a subscriber's filters are distinct
            liveFilters[slot] = filter;
            liveSubscribers[slot] = subscriber;
        }
        topics = new String[POOL];
        churnFilters = new String[POOL];
        for (int i = 0; i < POOL; i++) {
            topics[i] = fleet.topic(random);
            churnFilters[i] = fleet.filter(random);
        }
        // Churn gives each slot its own subscriber, which so holds one churn filter at a time: every subscribe
        // adds a subscription and every unsubscribe removes one, whatever filters the pool repeats.
        churnSubscribers = new Subscriber[subscriptions];
        for (int i = 0; i < churnSubscribers.length; i++) {
            churnSubscribers[i] = new Subscriber();
        }
        if (tree.size() != subscriptions) {
            throw new IllegalStateException("built " + tree.size() + " subscriptions, wanted " + subscriptions);
        }
        int visits = 0;
        for (String topic : topics) {
            visits += match(topic);
        }
        System.out.printf("%,d subscriptions: %.1f subscribers matched per topic on average%n", subscriptions,
                visits / (double) POOL);
    }

    @Benchmark
    public int match() {
        return match(topics[topicCursor++ & (POOL - 1)]);
    }

    private int match(String topic) {
        counter.visits = 0;
        tree.match(topic, counter);
        return counter.visits;
    }

    /** One new subscription in, the oldest out: the tree keeps its size. */
    @Benchmark
    public Object churn() {
        long k = churnCount++;
        int slot = (int) (k % subscriptions);
        tree.unsubscribe(liveFilters[slot], liveSubscribers[slot]);
        String filter = churnFilters[(int) k & (POOL - 1)];
        Subscriber subscriber = churnSubscribers[slot];
        liveFilters[slot] = filter;
        liveSubscribers[slot] = subscriber;
        return tree.subscribe(filter, subscriber, OPTIONS);
    }

    /** The fleet's topic space and filter mix for {@code subscriptions} subscriptions. */
    static final class Fleet {
        private final int sites;
        private final double everything;
        private final double metricEverywhere;
        private final double siteDevices;
        private final double site;

        Fleet(int subscriptions) {
            sites = Math.max(1, subscriptions / (DEVICES_PER_SITE * METRIC_COUNT));
            everything = 3.0 / subscriptions;
            metricEverywhere = everything + Math.max(8, subscriptions / 10_000) / (double) subscriptions;
            siteDevices = metricEverywhere + 0.01;
            site = siteDevices + 0.02;
        }

        String topic(SplittableRandom random) {
            return "site/" + random.nextInt(sites) + "/device/" + random.nextInt(DEVICES_PER_SITE) + "/"
                    + METRICS[random.nextInt(METRIC_COUNT)];
        }

        String filter(SplittableRandom random) {
            double pick = random.nextDouble();
            if (pick < everything) {
                return "#";
            }
            if (pick < metricEverywhere) {
                return "site/+/device/+/" + METRICS[random.nextInt(METRIC_COUNT)];
            }
            if (pick < siteDevices) {
                return "site/" + random.nextInt(sites) + "/device/+/#";
            }
            if (pick < site) {
                return "site/" + random.nextInt(sites) + "/#";
            }
            return topic(random);
        }
    }
}
