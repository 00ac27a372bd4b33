package io.weft.plugins.authscram;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import io.weft.plugins.authscram.ScramExchange.Lookup;
import io.weft.spi.PluginMetrics;
import io.weft.spi.auth.AuthenticationExchange;
import io.weft.spi.auth.AuthenticationPhase;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.EnhancedAuthenticator;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;

/**
 * Thread-safe: opened on clients' virtual threads. MQTT 5 enhanced authentication with SCRAM-SHA-256 and
 * SCRAM-SHA-512 against the credentials file.
 *
 * <p>Thread-safe: {@link #open} is called on clients' virtual threads, many at once; each exchange then belongs to
 * its client's thread. The credentials are an immutable snapshot swapped by the watcher's own virtual thread, and
 * {@link SecureRandom} is thread-safe.
 *
 * <p>Re-authentication (AUTH 0x19) follows the rules of a CONNECT: when the CONNECT carried a user name, the SCRAM
 * user must be that user in both; when it carried none, a re-authentication may prove any user of the file, as the
 * CONNECT could. A client whose identity must stay the same for the life of its connection sends its user name in
 * the CONNECT too.
 */
final class ScramAuthenticator implements EnhancedAuthenticator {

    /** Characters of the server's part of the nonce: about 157 bits from SecureRandom. */
    static final int SERVER_NONCE_LENGTH = 24;

    private final Map<String, ScramMechanism> methods;
    private final CredentialsWatcher watcher;
    private final DecoyCredentials decoys;
    private final SecureRandom random;
    private final PluginMetrics.Counter exchanges;

    ScramAuthenticator(Map<String, ScramMechanism> methods, CredentialsWatcher watcher, DecoyCredentials decoys,
                       SecureRandom random, PluginMetrics.Counter exchanges) {
        this.methods = Map.copyOf(methods);
        this.watcher = watcher;
        this.decoys = decoys;
        this.random = random;
        this.exchanges = exchanges;
    }

    @Override
    public Set<String> methods() {
        return methods.keySet();
    }

    @Override
    public AuthenticationExchange open(String method, ConnectAttempt attempt, AuthenticationPhase phase) {
        ScramMechanism mechanism = methods.get(method);
        if (mechanism == null) {
            throw new IllegalArgumentException("not a method of this plugin: " + method + "; it has " + methods());
        }
        return new ScramExchange(mechanism, attempt, this::lookup,
                () -> ScramFunctions.nonce(SERVER_NONCE_LENGTH, random), result -> exchanges.increment(result.label()));
    }

    private Lookup lookup(ScramMechanism mechanism, String username) {
        Credentials credentials = watcher.current();
        // The decoy is made for known users too, so that the server-first-message takes as long either way.
        ScramCredential decoy = decoys.decoy(mechanism, username,
                credentials.usualIterations(mechanism, ScramPasswordCommand.DEFAULT_ITERATIONS));
        return credentials.find(mechanism, username)
                .map(credential -> new Lookup(credential, true))
                .orElseGet(() -> new Lookup(decoy, false));
    }

    /** The users in the credentials file now. */
    int users() {
        return watcher.current().users();
    }

    /** Whether the credentials file is still polled (false once closed). */
    boolean watching() {
        return watcher.polling();
    }

    @Override
    public void close() {
        watcher.close();
    }
}
