package io.weft.perf.load;

/** How a connection treats its session: discarded (clean session / clean start) or kept for an hour. */
enum SessionMode {
    /** 3.1.1 clean session 1; 5.0 clean start 1 with no session expiry. */
    CLEAN,
    /** 3.1.1 clean session 0; 5.0 clean start 0 with a session expiry interval of 3600 s. */
    PERSISTENT;

    static final long PERSISTENT_EXPIRY_SECONDS = 3600;
}
