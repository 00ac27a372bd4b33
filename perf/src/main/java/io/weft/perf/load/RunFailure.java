package io.weft.perf.load;

/** Something that ends a run early with its own exit status: a refusal by the broker, or the deadline. */
final class RunFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitStatus;

    RunFailure(int exitStatus, String message) {
        super(message);
        this.exitStatus = exitStatus;
    }

    int exitStatus() {
        return exitStatus;
    }
}
