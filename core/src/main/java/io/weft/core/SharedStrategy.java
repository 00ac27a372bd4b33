package io.weft.core;

import java.util.Locale;

/** How a shared subscription group picks the one member a message goes to. */
public enum SharedStrategy {
    /** Each message to the next connected member in turn. */
    ROUND_ROBIN,
    /** Every message to the same member while it stays connected; another one when it leaves. */
    STICKY,
    /** By a hash of the publisher's client id: one publisher's messages keep their order on one member. */
    HASHED;

    /** The name in configuration: {@code round-robin}, {@code sticky}, {@code hashed}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
