package io.weft.perf.load;

/** A bad command line: the message names the option; the tool exits with status 2. */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
