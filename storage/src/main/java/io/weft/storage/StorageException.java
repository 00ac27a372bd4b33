package io.weft.storage;

/** The journal could not be opened; the message names the directory and what is wrong, for an operator. */
public class StorageException extends Exception {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
