package io.weft.plugins.authjwt;

import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.Principal;

/** What checking one token found. */
sealed interface Verdict {

    /** A valid token: the client is {@code principal} and may do what {@code policy} allows. */
    record Granted(Principal principal, AccessPolicy policy) implements Verdict {
    }

    /** Refused for {@code rejection}; {@code detail} is the precise cause, for the log only. */
    record Rejected(Rejection rejection, String detail) implements Verdict {
    }

    static Rejected reject(Rejection rejection, String detail) {
        return new Rejected(rejection, detail);
    }
}
