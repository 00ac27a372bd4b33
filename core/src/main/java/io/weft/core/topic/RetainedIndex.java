package io.weft.core.topic;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Owned by the dispatch ring's route stage (a single thread): no locking, not thread-safe.
 *
 * <p>Retained messages keyed by topic name, stored in a trie of topic levels so that {@link #matching} walks only the
 * branches a topic filter can reach instead of scanning every entry. Topic names are assumed valid (no wildcards
 * [MQTT-4.7.1-1], at least one character [MQTT-4.7.3-1]); the caller validates.
 *
 * @param <V> the retained message (or a reference to it); never null
 */
public final class RetainedIndex<V> {
    private final Node<V> root = new Node<>(null, "");
    private int size;

    /** Stores {@code value} as the retained message of {@code topic}; returns the one it replaces, or null. */
    public V put(String topic, V value) {
        Objects.requireNonNull(value, "value");
        Node<V> node = root;
        int length = topic.length();
        int start = 0;
        while (true) {
            int end = topic.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            node = node.childOrCreate(topic, start, end);
            if (end == length) {
                break;
            }
            start = end + 1;
        }
        V previous = node.value;
        node.value = value;
        node.topic = topic;
        if (previous == null) {
            size++;
        }
        return previous;
    }

    /** The retained message of {@code topic}, or null. */
    public V get(String topic) {
        Node<V> node = find(topic);
        return node == null ? null : node.value;
    }

    /** Removes and returns the retained message of {@code topic}, or null when there is none. */
    public V remove(String topic) {
        Node<V> node = find(topic);
        if (node == null || node.value == null) {
            return null;
        }
        V removed = node.value;
        node.value = null;
        node.topic = null;
        size--;
        // Prune so removed topics leave no nodes behind.
        while (node != root && node.value == null && node.children == null) {
            Node<V> parent = node.parent;
            parent.children.remove(node.level);
            if (parent.children.size() == 0) {
                parent.children = null;
            }
            node = parent;
        }
        return removed;
    }

    /** The number of retained messages. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Calls {@code visitor} with each stored topic that matches {@code filter} and its message, in no particular
     * order. The filter is assumed valid. The visitor must not modify this index.
     */
    public void matching(String filter, BiConsumer<? super String, ? super V> visitor) {
        int length = filter.length();
        ArrayDeque<Frame<V>> pending = new ArrayDeque<>();
        pending.push(new Frame<>(root, 0));
        while (!pending.isEmpty()) {
            Frame<V> frame = pending.pop();
            Node<V> node = frame.node();
            int position = frame.position();
            if (position > length) {
                visit(node, visitor); // every level of the filter is matched
                continue;
            }
            int end = filter.indexOf('/', position);
            if (end < 0) {
                end = length;
            }
            // A filter starting with a wildcard does not match topic names starting with '$' [MQTT-4.7.2-1].
            boolean skipSystem = node == root;
            if (end - position == 1 && filter.charAt(position) == '#') {
                visit(node, visitor); // '#' matches its parent level ("sport/#" matches "sport")
                visitDescendants(node, skipSystem, visitor);
            } else if (end - position == 1 && filter.charAt(position) == '+') {
                if (node.children != null) {
                    for (int slot = 0; slot < node.children.capacity(); slot++) {
                        Node<V> child = node.children.valueAt(slot);
                        if (child != null && !(skipSystem && child.level.startsWith("$"))) {
                            pending.push(new Frame<>(child, end + 1));
                        }
                    }
                }
            } else if (node.children != null) {
                Node<V> exact = node.children.get(filter, position, end, LevelMap.hash(filter, position, end));
                if (exact != null) {
                    pending.push(new Frame<>(exact, end + 1));
                }
            }
        }
    }

    /** Calls {@code visitor} with every stored topic and its message, '$' topics included (checkpoints). */
    public void forEach(BiConsumer<? super String, ? super V> visitor) {
        visitDescendants(root, false, visitor);
    }

    /** The number of nodes below the root, counted by walking the tree (for tests of pruning). */
    int nodeCount() {
        int count = 0;
        ArrayDeque<Node<V>> pending = new ArrayDeque<>();
        pushChildren(root, false, pending);
        while (!pending.isEmpty()) {
            count++;
            pushChildren(pending.pop(), false, pending);
        }
        return count;
    }

    private Node<V> find(String topic) {
        Node<V> node = root;
        int length = topic.length();
        int start = 0;
        while (node != null && node.children != null) {
            int end = topic.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            node = node.children.get(topic, start, end, LevelMap.hash(topic, start, end));
            if (end == length) {
                return node;
            }
            start = end + 1;
        }
        return null;
    }

    private static <V> void visitDescendants(
            Node<V> top, boolean skipSystem, BiConsumer<? super String, ? super V> visitor) {
        ArrayDeque<Node<V>> pending = new ArrayDeque<>();
        pushChildren(top, skipSystem, pending);
        while (!pending.isEmpty()) {
            Node<V> node = pending.pop();
            visit(node, visitor);
            pushChildren(node, false, pending);
        }
    }

    private static <V> void pushChildren(Node<V> node, boolean skipSystem, ArrayDeque<Node<V>> pending) {
        if (node.children != null) {
            for (int slot = 0; slot < node.children.capacity(); slot++) {
                Node<V> child = node.children.valueAt(slot);
                if (child != null && !(skipSystem && child.level.startsWith("$"))) {
                    pending.push(child);
                }
            }
        }
    }

    private static <V> void visit(Node<V> node, BiConsumer<? super String, ? super V> visitor) {
        if (node.value != null) {
            visitor.accept(node.topic, node.value);
        }
    }

    /** A node still to be matched against the filter from {@code position}; past the end means fully matched. */
    private record Frame<V>(Node<V> node, int position) {}

    private static final class Node<V> {
        final Node<V> parent;
        final String level;
        LevelMap<Node<V>> children;
        String topic;
        V value;

        Node(Node<V> parent, String level) {
            this.parent = parent;
            this.level = level;
        }

        Node<V> childOrCreate(String topic, int start, int end) {
            if (children == null) {
                children = new LevelMap<>();
            }
            Node<V> child = children.get(topic, start, end, LevelMap.hash(topic, start, end));
            if (child == null) {
                child = new Node<>(this, topic.substring(start, end));
                children.add(child.level, child);
            }
            return child;
        }
    }
}
