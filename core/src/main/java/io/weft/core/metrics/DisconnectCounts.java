package io.weft.core.metrics;

import io.weft.core.codec.ReasonCode;
import io.weft.core.net.PacketHandler.CloseCause;

/**
 * Thread-safe (any connection's reader thread, as its connection ends): ended connections of accepted clients
 * by why they ended and by the reason code of the DISCONNECT that ended them, sent or received (none when
 * the socket just closed, or when a 3.x client was closed without one).
 */
public final class DisconnectCounts {

    private final ReasonCounts[] byCause = new ReasonCounts[CloseCause.values().length];

    public DisconnectCounts() {
        for (int index = 0; index < byCause.length; index++) {
            byCause[index] = new ReasonCounts();
        }
    }

    /** One connection ended for {@code cause}; {@code reason} is its DISCONNECT's reason code, or null. */
    public void count(CloseCause cause, ReasonCode reason) {
        byCause[cause.ordinal()].increment(reason);
    }

    /** The connections that ended for {@code cause}, by reason code. */
    public ReasonCounts of(CloseCause cause) {
        return byCause[cause.ordinal()];
    }
}
