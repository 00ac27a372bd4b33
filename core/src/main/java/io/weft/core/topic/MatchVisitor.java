package io.weft.core.topic;

/**
 * Receives each (subscriber, value) pair whose topic filter matches a topic name in {@link TopicTree#match}.
 * Called on the thread that calls {@code match} (the route stage); it must not modify the tree it is visiting.
 */
@FunctionalInterface
public interface MatchVisitor<K, V> {
    void visit(K subscriber, V value);
}
