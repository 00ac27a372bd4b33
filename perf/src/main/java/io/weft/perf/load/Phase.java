package io.weft.perf.load;

/** Which part of the backlog scenario a run does ({@code --phase}); fill and drain may straddle a restart. */
enum Phase {
    /** Subscribe the persistent session, leave, publish the backlog; no drain, no clean-up. */
    FILL("fill"),
    /** Reconnect the persistent session, drain the backlog, then discard the session. */
    DRAIN("drain"),
    /** Fill, then drain, in one run. */
    BOTH("both");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    static Phase named(String name) {
        for (Phase phase : values()) {
            if (phase.label.equals(name)) {
                return phase;
            }
        }
        return null;
    }

    String label() {
        return label;
    }

    boolean fills() {
        return this != DRAIN;
    }

    boolean drains() {
        return this != FILL;
    }
}
