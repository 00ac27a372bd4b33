package io.weft.core.topic;

import java.util.Arrays;

/**
 * Owned by the thread that owns the enclosing tree (the route stage); not thread-safe.
 *
 * <p>The children of one trie node, keyed by topic level. An open-addressing hash table with linear probing whose
 * lookups take a range of a topic string, so matching never allocates a substring. The hash of a range is computed
 * exactly like {@link String#hashCode()}, so stored keys use their cached hash.
 */
final class LevelMap<N> {
    private static final int MINIMUM_CAPACITY = 4;

    private String[] keys;
    private Object[] values;
    private int size;

    LevelMap() {
        keys = new String[MINIMUM_CAPACITY];
        values = new Object[MINIMUM_CAPACITY];
    }

    int size() {
        return size;
    }

    /** The number of slots; {@link #valueAt} iterates them without allocating. */
    int capacity() {
        return keys.length;
    }

    /** The value stored in {@code slot}, or null when the slot is empty. */
    @SuppressWarnings("unchecked")
    N valueAt(int slot) {
        return (N) values[slot];
    }

    /** The key stored in {@code slot}, or null when the slot is empty. */
    String keyAt(int slot) {
        return keys[slot];
    }

    N get(String key) {
        return get(key, 0, key.length(), key.hashCode());
    }

    /** The value for the level {@code text[start, end)} whose {@link #hash} is {@code hash}, or null. */
    @SuppressWarnings("unchecked")
    N get(String text, int start, int end, int hash) {
        int mask = keys.length - 1;
        int length = end - start;
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key == null) {
                return null;
            }
            if (key.length() == length && key.hashCode() == hash && key.regionMatches(0, text, start, length)) {
                return (N) values[slot];
            }
        }
    }

    /** Stores {@code value} under {@code key} (which must not be present yet). */
    void add(String key, N value) {
        if ((size + 1) * 4 > keys.length * 3) {
            resize(keys.length * 2);
        }
        insert(keys, values, key, value);
        size++;
    }

    /** Removes {@code key} and returns its value, or null when absent. */
    @SuppressWarnings("unchecked")
    N remove(String key) {
        int mask = keys.length - 1;
        int slot = spread(key.hashCode()) & mask;
        while (keys[slot] != null && !keys[slot].equals(key)) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == null) {
            return null;
        }
        N removed = (N) values[slot];
        deleteSlot(slot);
        size--;
        // Shrink so a node that once had many children does not keep a large table forever.
        if (keys.length > MINIMUM_CAPACITY && size * 8 < keys.length) {
            resize(Math.max(MINIMUM_CAPACITY, Integer.highestOneBit(Math.max(1, size)) * 4));
        }
        return removed;
    }

    /** The hash of {@code text[start, end)}, equal to {@code text.substring(start, end).hashCode()}. */
    static int hash(String text, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        return hash;
    }

    /** Backward-shift deletion keeps probe sequences intact without tombstones. */
    private void deleteSlot(int slot) {
        int mask = keys.length - 1;
        int hole = slot;
        for (int next = (hole + 1) & mask; keys[next] != null; next = (next + 1) & mask) {
            int home = spread(keys[next].hashCode()) & mask;
            // Move the entry into the hole unless its home lies cyclically in (hole, next].
            boolean homeBetween = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!homeBetween) {
                keys[hole] = keys[next];
                values[hole] = values[next];
                hole = next;
            }
        }
        keys[hole] = null;
        values[hole] = null;
    }

    private void resize(int capacity) {
        String[] oldKeys = keys;
        Object[] oldValues = values;
        String[] newKeys = new String[capacity];
        Object[] newValues = new Object[capacity];
        for (int slot = 0; slot < oldKeys.length; slot++) {
            if (oldKeys[slot] != null) {
                insert(newKeys, newValues, oldKeys[slot], oldValues[slot]);
            }
        }
        keys = newKeys;
        values = newValues;
    }

    private static void insert(String[] keys, Object[] values, String key, Object value) {
        int mask = keys.length - 1;
        int slot = spread(key.hashCode()) & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    @Override
    public String toString() {
        return "LevelMap" + Arrays.toString(keys);
    }
}
