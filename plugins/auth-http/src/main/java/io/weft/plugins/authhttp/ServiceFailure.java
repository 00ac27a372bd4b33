package io.weft.plugins.authhttp;

/**
 * A call to the service that gave no usable answer. Its message names the URL and what went wrong (a status, a
 * timeout) and never holds what was sent, so it can be logged as it is.
 */
final class ServiceFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, also the {@code outcome} label of the requests metric. */
    enum Kind {
        /** A status other than 200. */
        STATUS("http_status"),
        /** A 200 whose body is not the JSON the contract describes. */
        BAD_RESPONSE("bad_response"),
        /** No answer within the request timeout (or no connection within the connect timeout). */
        TIMEOUT("timeout"),
        /** The connection failed: refused, reset, an unknown host, a TLS failure. */
        UNREACHABLE("unreachable"),
        /** The broker abandoned the call (its deadline passed, or it is stopping). */
        INTERRUPTED("interrupted");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private final Kind kind;

    ServiceFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
