package io.weft.core.testing;

import io.weft.core.Broker;
import io.weft.core.BrokerSettings;
import io.weft.core.security.Authenticator;
import io.weft.core.security.EnhancedAuthenticator;
import io.weft.core.store.Stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A broker on 127.0.0.1 port 0 with a temporary data directory, for end-to-end tests. */
public final class TestBroker implements AutoCloseable {

    private final Broker broker;

    private TestBroker(Broker broker) {
        this.broker = broker;
    }

    public static TestBroker start() {
        return start(settings());
    }

    /** Test defaults: port 0, a short connect timeout, a temporary data directory. */
    public static BrokerSettings settings() {
        try {
            Path data = Files.createTempDirectory("weft-test");
            return new BrokerSettings("127.0.0.1", 0, data, 1024 * 1024, Duration.ofSeconds(5), 32, 10_000, 1024);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    public static TestBroker start(BrokerSettings settings) {
        try {
            return new TestBroker(Broker.start(settings));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** A broker with the given stores and authentication seam (for restore and security tests). */
    public static TestBroker start(BrokerSettings settings, Stores stores, Authenticator authenticator) {
        try {
            return new TestBroker(Broker.start(settings, stores, authenticator));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** A broker with MQTT 5 enhanced authentication (for the AUTH exchange tests). */
    public static TestBroker start(BrokerSettings settings, EnhancedAuthenticator enhancedAuthenticator) {
        try {
            return new TestBroker(Broker.start(settings, Stores.inMemory(), Authenticator.ALLOW_ANONYMOUS,
                    enhancedAuthenticator));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    public Broker broker() {
        return broker;
    }

    public int port() {
        return broker.localAddress().getPort();
    }

    /** {@code tcp://127.0.0.1:PORT}, for Paho. */
    public String uri() {
        return "tcp://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        broker.close();
    }
}
