package io.weft.storage;

/** A journal record could not be read: corrupt, or written by a newer format version. */
final class RecordFormatException extends Exception {

    /** The format version found when it is newer than this build reads; 0 otherwise. */
    final int newerVersion;

    RecordFormatException(String reason) {
        this(reason, 0);
    }

    RecordFormatException(String reason, int newerVersion) {
        super(reason, null, false, false);
        this.newerVersion = newerVersion;
    }
}
