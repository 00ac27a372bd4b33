package io.weft.core.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** match is on the route stage's hot path: once warm it must not allocate per call. */
class TopicTreeAllocationTest {
    private static final int CALLS = 20_000;

    private static final class CountingVisitor implements MatchVisitor<String, String> {
        long visits;

        @Override
        public void visit(String subscriber, String value) {
            visits++;
        }
    }

    @Test
    void matchAllocatesNothingPerCall() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot measure per-thread allocation");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        TopicTree<String, String> tree = new TopicTree<>();
        String[] filters = {"sport/#", "sport/+/player1", "+/tennis/+", "#", "$SYS/#", "sport/tennis/player1",
            "sport//player1", "+/+/+/+", "/+"};
        for (int subscriber = 0; subscriber < 20; subscriber++) { // 20 per filter, so the subscriber index is used
            for (String filter : filters) {
                tree.subscribe(filter, "client-" + subscriber, filter);
            }
        }
        String[] topics = {"sport/tennis/player1", "sport//player1", "$SYS/uptime", "/finance", "a/b/c/d",
            "sport", "sport/tennis/player1/ranking"};
        CountingVisitor visitor = new CountingVisitor();
        for (int i = 0; i < CALLS; i++) { // warm up, so the reused match stack has reached its size
            tree.match(topics[i % topics.length], visitor);
        }
        long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            tree.match(topics[i % topics.length], visitor);
        }
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertThat(visitor.visits).isGreaterThan(2L * CALLS);
        assertThat(allocated).as("bytes allocated by %d calls", CALLS).isLessThan(CALLS);
    }
}
