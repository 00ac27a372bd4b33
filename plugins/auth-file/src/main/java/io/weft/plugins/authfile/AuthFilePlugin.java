package io.weft.plugins.authfile;

import io.weft.spi.PluginConfigException;
import io.weft.spi.PluginContext;
import io.weft.spi.PluginMetrics;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.Authenticator;
import io.weft.spi.auth.Authorizer;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.ConnectReason;
import io.weft.spi.auth.Principal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Thread-safe: called on clients' virtual threads ({@link #authenticate}, {@link #authorize}) for many clients at
 * once; its reload thread swaps in new file content, which the next CONNECT sees. A connection keeps the access
 * policy it got at CONNECT until it ends, whatever the ACL file says later.
 *
 * <p>As an {@link Authenticator}: a user of the users file with the right password is allowed (principal = the
 * user name, no restriction of its own); a wrong or missing password is denied with 0x86 and a message that does
 * not say whether the user exists; a client with no user name, or one the file does not have, is left to the
 * next authenticator or the anonymous rule. As an {@link Authorizer}: the ACL file's rules for the principal and
 * client identifier, or no restriction when no ACL file is set.
 */
final class AuthFilePlugin implements Authenticator, Authorizer {

    static final String REFUSAL = "bad user name or password";

    private final WatchedFile<UserTable> users;
    private final WatchedFile<AccessControlList> acl;
    private final PasswordVerifier verifier;
    private final FilePoller poller;
    private final PluginMetrics.Counter authentications;
    private final PluginMetrics.Counter denials;

    private AuthFilePlugin(WatchedFile<UserTable> users, WatchedFile<AccessControlList> acl,
                           PasswordVerifier verifier, FilePoller poller, PluginMetrics metrics) {
        this.users = users;
        this.acl = acl;
        this.verifier = verifier;
        this.poller = poller;
        this.authentications = metrics.counter("authentications", "CONNECTs with a user name, by how the users "
                + "file decided them", "result");
        this.denials = metrics.counter("acl_denials", "PUBLISH and SUBSCRIBE requests the ACL file refused",
                "action");
        metrics.gauge("users", "users loaded from the users file", () -> users == null ? 0 : users.current().size());
        metrics.gauge("acl_rules", "rules loaded from the ACL file",
                () -> acl == null ? 0 : acl.current().ruleCount());
    }

    /** Loads the configured files and starts the reload thread; called on the thread that makes plugins. */
    static AuthFilePlugin open(PluginContext context, AuthFileSettings settings) throws PluginConfigException {
        System.Logger logger = context.logger();
        PluginMetrics metrics = context.metrics();
        PluginMetrics.Counter reloads = metrics.counter("file_reloads", "reloads of the users and ACL files after "
                + "a change, by file and result", "file", "result");
        WatchedFile<UserTable> users = null;
        WatchedFile<AccessControlList> acl = null;
        if (settings.usersFile().isPresent()) {
            users = load(context, AuthFileSettings.USERS_FILE, "users", settings.usersFile().get(),
                    (file, lines) -> usersOf(file, lines, logger), reloads);
        }
        if (settings.aclFile().isPresent()) {
            acl = load(context, AuthFileSettings.ACL_FILE, "acl", settings.aclFile().get(),
                    AccessControlList::parse, reloads);
        }
        List<WatchedFile<?>> watched = new ArrayList<>();
        if (users != null) {
            watched.add(users);
        }
        if (acl != null) {
            watched.add(acl);
        }
        PasswordVerifier verifier = new PasswordVerifier(context.name(), settings,
                context.callTimeout().multipliedBy(4).dividedBy(5), context.clock(), metrics, PasswordHash::matches);
        FilePoller poller = new FilePoller(context.name(), watched, settings.reloadInterval(), logger);
        poller.start();
        return new AuthFilePlugin(users, acl, verifier, poller, metrics);
    }

    private static <T> WatchedFile<T> load(PluginContext context, String key, String kind, Path path,
                                           WatchedFile.Parser<T> parser, PluginMetrics.Counter reloads)
            throws PluginConfigException {
        try {
            return WatchedFile.open(kind, path, parser, context.logger(), reloads);
        } catch (IOException unreadable) {
            throw context.config().invalid(key, "cannot read " + path + ": " + WatchedFile.describe(unreadable));
        } catch (FileFormatException invalid) {
            throw context.config().invalid(key, invalid.getMessage());
        }
    }

    /** Parses a users file and logs the lines it leaves out, without their content (it may be a password). */
    private static UserTable usersOf(Path file, List<String> lines, System.Logger logger) {
        UserTable table = UserTable.parse(file, lines);
        table.problems().forEach(problem -> logger.log(Level.WARNING, "users file " + problem));
        long weak = table.users().values().stream().filter(PasswordHash.Sha512.class::isInstance).count();
        if (weak > 0) {
            logger.log(Level.WARNING, "users file " + file + ": " + weak + " users have a $6$ hash (one round of "
                    + "SHA-512, quick to guess); set their passwords again with weft passwd");
        }
        logger.log(Level.INFO, "users file " + file + ": " + table.size() + " users");
        return table;
    }

    @Override
    public AuthenticationDecision authenticate(ConnectAttempt attempt) {
        PasswordHash stored = users == null || !attempt.hasUsername() ? null
                : users.current().hashOf(attempt.username());
        if (stored == null) {
            if (attempt.hasUsername()) {
                authentications.increment("abstained");
            }
            return AuthenticationDecision.abstain();
        }
        byte[] password = attempt.password();
        PasswordVerifier.Outcome outcome;
        try {
            outcome = password == null ? PasswordVerifier.Outcome.MISMATCH
                    : verifier.verify(attempt.username(), stored, password);
        } catch (InterruptedException abandoned) {
            Thread.currentThread().interrupt(); // the broker gave up on this call
            authentications.increment("busy");
            return AuthenticationDecision.deny(ConnectReason.SERVER_UNAVAILABLE, "authentication abandoned");
        }
        return switch (outcome) {
            case MATCH -> {
                authentications.increment("allowed");
                yield AuthenticationDecision.allow(Principal.of(attempt.username()), AccessPolicy.ALLOW_ALL);
            }
            case MISMATCH -> {
                authentications.increment("denied");
                yield AuthenticationDecision.deny(ConnectReason.BAD_USER_NAME_OR_PASSWORD, REFUSAL);
            }
            case BUSY -> {
                authentications.increment("busy");
                yield AuthenticationDecision.deny(ConnectReason.SERVER_BUSY, "too many logins at once; try again");
            }
        };
    }

    @Override
    public AccessPolicy authorize(ConnectAttempt attempt, Principal principal) {
        if (acl == null) {
            return AccessPolicy.ALLOW_ALL;
        }
        return acl.current().policyFor(principal.isAnonymous() ? null : principal.name(), attempt.clientId(),
                denials);
    }

    /** Whether the reload thread runs (it stops on {@link #close()}). */
    boolean reloading() {
        return poller.running();
    }

    /** Stops the reload thread and the hashing threads. */
    @Override
    public void close() {
        poller.close();
        verifier.close();
    }
}
