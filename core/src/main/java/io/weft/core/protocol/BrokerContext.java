package io.weft.core.protocol;

import io.weft.core.BrokerSettings;
import io.weft.core.dispatch.DispatchRing;
import io.weft.core.metrics.BrokerCounters;
import io.weft.core.plugin.EventSink;
import io.weft.core.security.Authenticator;
import io.weft.core.security.EnhancedAuthenticator;
import io.weft.core.session.SessionRegistry;
import io.weft.core.store.DiskQuota;

import java.util.function.BooleanSupplier;

/** What every connection's protocol shares: immutable wiring, built once by the broker. */
public record BrokerContext(BrokerSettings settings, SessionRegistry sessions, DispatchRing ring,
                            Authenticator authenticator, BrokerCounters counters, BooleanSupplier shuttingDown,
                            DiskQuota diskQuota, EnhancedAuthenticator enhancedAuthenticator, EventSink events) {
}
