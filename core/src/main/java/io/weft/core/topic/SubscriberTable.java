package io.weft.core.topic;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Owned by the thread that owns the enclosing {@link TopicTree} (the route stage); not thread-safe.
 *
 * <p>The subscribers of one topic filter, kept in dense arrays so that matching visits them by index without
 * allocating an iterator. Small tables are searched linearly; beyond {@link #INDEX_THRESHOLD} entries a hash index
 * from subscriber to position keeps subscribe and unsubscribe constant-time for popular filters.
 */
final class SubscriberTable<K, V> {
    static final int INDEX_THRESHOLD = 8;

    private Object[] subscribers = new Object[2];
    private Object[] values = new Object[2];
    private int size;
    private Map<K, Integer> index;

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    K subscriberAt(int position) {
        return (K) subscribers[position];
    }

    @SuppressWarnings("unchecked")
    V valueAt(int position) {
        return (V) values[position];
    }

    /** Adds or replaces the value of {@code subscriber}; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    V put(K subscriber, V value) {
        int position = positionOf(subscriber);
        if (position >= 0) {
            V previous = (V) values[position];
            values[position] = value;
            return previous;
        }
        if (size == subscribers.length) {
            subscribers = Arrays.copyOf(subscribers, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        subscribers[size] = subscriber;
        values[size] = value;
        if (index != null) {
            index.put(subscriber, size);
        } else if (size + 1 > INDEX_THRESHOLD) {
            index = new HashMap<>();
            for (int i = 0; i <= size; i++) {
                index.put((K) subscribers[i], i);
            }
        }
        size++;
        return null;
    }

    /** Removes {@code subscriber}; returns its value or null when absent. Moves the last entry into the gap. */
    @SuppressWarnings("unchecked")
    V remove(K subscriber) {
        int position = positionOf(subscriber);
        if (position < 0) {
            return null;
        }
        V removed = (V) values[position];
        int last = size - 1;
        if (index != null) {
            index.remove(subscriber);
            if (position != last) {
                index.put((K) subscribers[last], position);
            }
        }
        subscribers[position] = subscribers[last];
        values[position] = values[last];
        subscribers[last] = null;
        values[last] = null;
        size = last;
        if (index != null && size <= INDEX_THRESHOLD / 2) {
            index = null;
        }
        // Shrink so a filter that once had many subscribers does not keep large arrays forever.
        if (subscribers.length > 2 && size * 4 < subscribers.length) {
            subscribers = Arrays.copyOf(subscribers, subscribers.length / 2);
            values = Arrays.copyOf(values, values.length / 2);
        }
        return removed;
    }

    private int positionOf(K subscriber) {
        if (index != null) {
            Integer position = index.get(subscriber);
            return position == null ? -1 : position;
        }
        for (int i = 0; i < size; i++) {
            if (subscribers[i].equals(subscriber)) {
                return i;
            }
        }
        return -1;
    }
}
