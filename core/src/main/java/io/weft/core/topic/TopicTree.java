package io.weft.core.topic;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Owned by the dispatch ring's route stage (a single thread): no locking, not thread-safe.
 *
 * <p>A trie of topic filters, one level per node, levels separated by {@code /}. Each node keeps its {@code +} and
 * {@code #} children in fields and its other children in a {@link LevelMap}, so {@link #match} walks the topic name
 * by index without allocating. Filters are assumed valid (the caller validates [MQTT-4.7.1-2], [MQTT-4.7.1-3],
 * [MQTT-4.7.3-1..3]); shared-subscription prefixes ({@code $share/group/}) are the caller's to strip.
 *
 * <p>Matching is iterative (an explicit stack), so a filter with thousands of levels cannot overflow the thread's
 * stack. A visitor must not call back into the tree; doing so throws {@link IllegalStateException}.
 *
 * @param <K> the subscriber (for example a session or client identifier); needs {@code equals}/{@code hashCode}
 * @param <V> what the subscription carries (for example its options); never null
 */
public final class TopicTree<K, V> {
    private final Node<K, V> root = new Node<>(null, "");
    private int size;
    private boolean matching;
    // The match stack is reused across calls; the `matching` guard makes reentrant use fail instead of corrupt it.
    @SuppressWarnings("unchecked")
    private Node<K, V>[] stackNodes = new Node[16];
    private int[] stackPositions = new int[16];

    /**
     * Adds the subscription of {@code subscriber} to {@code filter}, or replaces its value when it exists
     * [MQTT-3.8.4-3]. Returns the previous value, or null when the subscription is new.
     */
    public V subscribe(String filter, K subscriber, V value) {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(value, "value");
        checkNotMatching();
        Node<K, V> node = root;
        int length = filter.length();
        int start = 0;
        while (true) {
            int end = filter.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            node = node.childOrCreate(filter, start, end);
            if (end == length) {
                break;
            }
            start = end + 1;
        }
        if (node.subscribers == null) {
            node.subscribers = new SubscriberTable<>();
        }
        V previous = node.subscribers.put(subscriber, value);
        if (previous == null) {
            size++;
        }
        return previous;
    }

    /** Removes the subscription of {@code subscriber} to {@code filter}; returns its value, or null if absent. */
    public V unsubscribe(String filter, K subscriber) {
        checkNotMatching();
        Node<K, V> node = find(filter);
        if (node == null || node.subscribers == null) {
            return null;
        }
        V removed = node.subscribers.remove(subscriber);
        if (removed == null) {
            return null;
        }
        size--;
        if (node.subscribers.size() == 0) {
            node.subscribers = null;
        }
        // Prune so the tree does not grow without bound under subscribe/unsubscribe churn.
        while (node != root && node.isEmpty()) {
            Node<K, V> parent = node.parent;
            parent.detach(node);
            node = parent;
        }
        return removed;
    }

    /**
     * Calls {@code visitor} once per (subscriber, filter) pair whose filter matches {@code topicName}: a subscriber
     * whose two filters match is visited twice (the caller merges them [MQTT-3.3.5-1]). Visiting order is
     * unspecified. Levels are compared character by character, without normalization [MQTT-4.7.3-4].
     */
    public void match(String topicName, MatchVisitor<? super K, ? super V> visitor) {
        checkNotMatching();
        matching = true;
        int top = 0;
        try {
            int length = topicName.length();
            // Filters starting with a wildcard do not match topic names starting with '$' [MQTT-4.7.2-1].
            boolean system = length > 0 && topicName.charAt(0) == '$';
            top = push(top, root, 0);
            while (top > 0) {
                top--;
                Node<K, V> node = stackNodes[top];
                int position = stackPositions[top];
                stackNodes[top] = null;
                if (position > length) {
                    // Every level of the topic is matched.
                    visitAll(node.subscribers, visitor);
                    if (node.hash != null) {
                        visitAll(node.hash.subscribers, visitor); // '#' also matches its parent level
                    }
                    continue;
                }
                boolean wildcards = node != root || !system;
                if (node.hash != null && wildcards) {
                    visitAll(node.hash.subscribers, visitor); // '#' matches any number of remaining levels
                }
                int end = position;
                int hash = 0;
                while (end < length) {
                    char c = topicName.charAt(end);
                    if (c == '/') {
                        break;
                    }
                    hash = 31 * hash + c;
                    end++;
                }
                // end + 1 > length marks the last level consumed; "a/" has a second, empty level at index 2.
                if (node.children != null) {
                    Node<K, V> exact = node.children.get(topicName, position, end, hash);
                    if (exact != null) {
                        top = push(top, exact, end + 1);
                    }
                }
                if (node.plus != null && wildcards) {
                    top = push(top, node.plus, end + 1); // '+' matches exactly one level, even an empty one
                }
            }
        } finally {
            Arrays.fill(stackNodes, 0, top, null);
            matching = false;
        }
    }

    /** The number of (filter, subscriber) pairs. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The number of nodes below the root, counted by walking the tree (for tests of pruning). */
    int nodeCount() {
        int count = 0;
        ArrayDeque<Node<K, V>> pending = new ArrayDeque<>();
        root.pushChildren(pending);
        while (!pending.isEmpty()) {
            count++;
            pending.pop().pushChildren(pending);
        }
        return count;
    }

    /** A fresh copy of every subscription, filter to (subscriber to value), rebuilt by walking the tree. */
    Map<String, Map<K, V>> subscriptions() {
        Map<String, Map<K, V>> result = new HashMap<>();
        ArrayDeque<Node<K, V>> pending = new ArrayDeque<>();
        root.pushChildren(pending);
        while (!pending.isEmpty()) {
            Node<K, V> node = pending.pop();
            node.pushChildren(pending);
            if (node.subscribers != null) {
                Map<K, V> entries = result.computeIfAbsent(node.filter(), filter -> new HashMap<>());
                for (int i = 0; i < node.subscribers.size(); i++) {
                    entries.put(node.subscribers.subscriberAt(i), node.subscribers.valueAt(i));
                }
            }
        }
        return result;
    }

    private Node<K, V> find(String filter) {
        Node<K, V> node = root;
        int length = filter.length();
        int start = 0;
        while (node != null) {
            int end = filter.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            node = node.child(filter, start, end);
            if (end == length) {
                return node;
            }
            start = end + 1;
        }
        return null;
    }

    private int push(int top, Node<K, V> node, int position) {
        if (top == stackNodes.length) {
            stackNodes = Arrays.copyOf(stackNodes, top * 2);
            stackPositions = Arrays.copyOf(stackPositions, top * 2);
        }
        stackNodes[top] = node;
        stackPositions[top] = position;
        return top + 1;
    }

    private static <K, V> void visitAll(SubscriberTable<K, V> table, MatchVisitor<? super K, ? super V> visitor) {
        if (table != null) {
            for (int i = 0; i < table.size(); i++) {
                visitor.visit(table.subscriberAt(i), table.valueAt(i));
            }
        }
    }

    private void checkNotMatching() {
        if (matching) {
            throw new IllegalStateException("a MatchVisitor must not call back into the TopicTree it visits");
        }
    }

    private static final class Node<K, V> {
        final Node<K, V> parent;
        final String level;
        LevelMap<Node<K, V>> children;
        Node<K, V> plus;
        Node<K, V> hash;
        SubscriberTable<K, V> subscribers;

        Node(Node<K, V> parent, String level) {
            this.parent = parent;
            this.level = level;
        }

        boolean isEmpty() {
            return subscribers == null && children == null && plus == null && hash == null;
        }

        /** The child for the filter level {@code filter[start, end)}, or null. */
        Node<K, V> child(String filter, int start, int end) {
            if (end - start == 1) {
                char c = filter.charAt(start);
                if (c == '+') {
                    return plus;
                }
                if (c == '#') {
                    return hash;
                }
            }
            return children == null ? null : children.get(filter, start, end, LevelMap.hash(filter, start, end));
        }

        Node<K, V> childOrCreate(String filter, int start, int end) {
            Node<K, V> child = child(filter, start, end);
            if (child != null) {
                return child;
            }
            child = new Node<>(this, filter.substring(start, end));
            if (child.level.equals("+")) {
                plus = child;
            } else if (child.level.equals("#")) {
                hash = child;
            } else {
                if (children == null) {
                    children = new LevelMap<>();
                }
                children.add(child.level, child);
            }
            return child;
        }

        void detach(Node<K, V> child) {
            if (child == plus) {
                plus = null;
            } else if (child == hash) {
                hash = null;
            } else {
                children.remove(child.level);
                if (children.size() == 0) {
                    children = null;
                }
            }
        }

        void pushChildren(ArrayDeque<Node<K, V>> pending) {
            if (plus != null) {
                pending.push(plus);
            }
            if (hash != null) {
                pending.push(hash);
            }
            if (children != null) {
                for (int slot = 0; slot < children.capacity(); slot++) {
                    Node<K, V> child = children.valueAt(slot);
                    if (child != null) {
                        pending.push(child);
                    }
                }
            }
        }

        String filter() {
            StringBuilder filter = new StringBuilder(level);
            for (Node<K, V> node = parent; node.parent != null; node = node.parent) {
                filter.insert(0, '/').insert(0, node.level);
            }
            return filter.toString();
        }
    }
}
