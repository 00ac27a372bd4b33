package io.weft.perf.load;

import java.util.BitSet;

/**
 * Owned by one subscriber's thread (read by the scenario thread after joining it). Which sequence numbers
 * arrived from each publisher, so that missing, duplicate and out-of-order messages can be counted.
 */
final class DeliveryLedger {

    private final BitSet[] seen;
    private final BitSet[] flagged;
    private final long[] highest;
    private long duplicates;
    private long unflaggedDuplicates;
    private long reordered;
    private long foreign;

    DeliveryLedger(int publishers) {
        seen = new BitSet[publishers];
        flagged = new BitSet[publishers];
        highest = new long[publishers];
        for (int index = 0; index < publishers; index++) {
            seen[index] = new BitSet();
            highest[index] = -1;
        }
    }

    /** Records one message; true if it advanced the publisher's highest sequence number seen. */
    boolean record(int publisher, long sequence, boolean dupFlag) {
        if (publisher < 0 || publisher >= seen.length || sequence < 0 || sequence > Integer.MAX_VALUE) {
            foreign++; // not one of ours (or from an earlier run on the same topics)
            return false;
        }
        int bit = (int) sequence;
        if (dupFlag) {
            if (flagged[publisher] == null) {
                flagged[publisher] = new BitSet();
            }
            flagged[publisher].set(bit);
        }
        if (seen[publisher].get(bit)) {
            duplicates++;
            if (!dupFlag) {
                unflaggedDuplicates++; // a redelivery must carry DUP [MQTT-3.3.1-1]
            }
            return false;
        }
        seen[publisher].set(bit);
        if (sequence < highest[publisher]) {
            reordered++;
            return false;
        }
        highest[publisher] = sequence;
        return true;
    }

    /** Messages accounted for from {@code publisher}: the highest sequence number seen plus one. */
    long progress(int publisher) {
        return highest[publisher] + 1;
    }

    BitSet seen(int publisher) {
        return seen[publisher];
    }

    /** Sequence numbers that arrived here and never with the DUP flag set: copies the broker sent as new. */
    BitSet unflagged(int publisher) {
        BitSet result = (BitSet) seen[publisher].clone();
        if (flagged[publisher] != null) {
            result.andNot(flagged[publisher]);
        }
        return result;
    }

    long duplicates() {
        return duplicates;
    }

    long unflaggedDuplicates() {
        return unflaggedDuplicates;
    }

    long reordered() {
        return reordered;
    }

    long foreign() {
        return foreign;
    }

    int publishers() {
        return seen.length;
    }
}
