package io.weft.storage;

import io.weft.core.codec.QoS;
import io.weft.core.store.StateRecords;

import java.util.List;

/** Every record the state journal holds: the state records plus the run-time and checkpoint markers. */
interface JournalRecords extends StateRecords {

    /** A queued copy referring to message {@code messageId} in the message journal. */
    void enqueued(String clientId, long sequence, long messageId, QoS qos, boolean retain,
                  List<Integer> subscriptionIdentifiers);

    /** Several copies of one session done with, in one record (a read's worth of acknowledgements). */
    default void completedAll(String clientId, long[] sequences) {
        for (long sequence : sequences) {
            completed(clientId, sequence);
        }
    }

    /** A checkpoint starts: messages up to {@code lastRoutedMessageId} were routed before it. */
    void checkpointBegin(long lastRoutedMessageId);

    /** The checkpoint begun at journal index {@code beginIndex} is complete. */
    void checkpointEnd(long beginIndex);

    /** The checkpoint begun at {@code beginIndex} never ended (crash); written first after the restart. */
    void checkpointAborted(long beginIndex);
}
