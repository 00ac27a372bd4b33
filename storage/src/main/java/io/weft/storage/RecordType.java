package io.weft.storage;

/** The second byte of every journal record. Codes are part of the on-disk format: never renumber. */
enum RecordType {
    MESSAGE(1),
    SESSION(2),
    DETACHED(3),
    DISCARDED(4),
    SUBSCRIBED(5),
    UNSUBSCRIBED(6),
    ENQUEUED(7),
    ENTRY(8),
    RECEIVED(9),
    COMPLETED(10),
    INBOUND(11),
    RELEASED(12),
    RETAINED(13),
    RETAIN_CLEARED(14),
    CHECKPOINT_BEGIN(15),
    CHECKPOINT_END(16),
    /** A checkpoint left incomplete by a crash: replay skips from its BEGIN to here. */
    CHECKPOINT_ABORTED(17),
    WILL_SCHEDULED(18),
    WILL_CANCELLED(19),
    /** Several COMPLETED of one session in one record. */
    COMPLETED_ALL(20),
    /** The copy journaled just before belongs to a shared subscription group (core's sharedCopy). */
    SHARED_COPY(21);

    private static final RecordType[] BY_CODE = new RecordType[22];

    static {
        for (RecordType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    final byte code;

    /** Whether this is a state record (not a message or a checkpoint marker). */
    boolean isState() {
        return this != MESSAGE && this != CHECKPOINT_BEGIN && this != CHECKPOINT_END && this != CHECKPOINT_ABORTED;
    }

    RecordType(int code) {
        this.code = (byte) code;
    }

    /** The type with this code, or null for an unknown code. */
    static RecordType of(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
