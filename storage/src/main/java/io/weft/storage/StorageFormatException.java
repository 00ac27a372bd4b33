package io.weft.storage;

/**
 * The journal holds a record written by a newer Weft (a newer format version): this build must not read
 * on and must not append to it. Unchecked because {@code StateLog.replay} cannot throw checked exceptions.
 */
public class StorageFormatException extends RuntimeException {

    public StorageFormatException(String message) {
        super(message);
    }
}
