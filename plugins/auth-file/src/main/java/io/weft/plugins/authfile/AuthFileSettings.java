package io.weft.plugins.authfile;

import io.weft.spi.PluginConfig;
import io.weft.spi.PluginConfigException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * An {@code auth-file} instance's configuration section, checked.
 *
 * @param usersFile           {@code users-file}: mosquitto-style password file; absent to leave authentication to
 *                            others
 * @param aclFile             {@code acl-file}: mosquitto-style ACL file; absent to add no restriction
 * @param reloadInterval      {@code reload-interval}: how often both files are checked for changes
 * @param verificationThreads {@code verification-threads}: platform threads that compute password hashes
 * @param cacheSize           {@code cache-size}: successful checks remembered at most; 0 remembers none
 * @param cacheTtl            {@code cache-ttl}: how long a successful check is remembered
 */
record AuthFileSettings(Optional<Path> usersFile, Optional<Path> aclFile, Duration reloadInterval,
                        int verificationThreads, int cacheSize, Duration cacheTtl) {

    static final String USERS_FILE = "users-file";
    static final String ACL_FILE = "acl-file";
    static final String RELOAD_INTERVAL = "reload-interval";
    static final String VERIFICATION_THREADS = "verification-threads";
    static final String CACHE_SIZE = "cache-size";
    static final String CACHE_TTL = "cache-ttl";

    static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);
    static final int DEFAULT_CACHE_SIZE = 1024;
    static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(2);

    /** Half the processors, at least one: hashing must leave room for the broker's own work. */
    static int defaultVerificationThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    static AuthFileSettings from(PluginConfig config) throws PluginConfigException {
        config.allowOnly(USERS_FILE, ACL_FILE, RELOAD_INTERVAL, VERIFICATION_THREADS, CACHE_SIZE, CACHE_TTL);
        Optional<Path> usersFile = config.optionalPath(USERS_FILE);
        Optional<Path> aclFile = config.optionalPath(ACL_FILE);
        if (usersFile.isEmpty() && aclFile.isEmpty()) {
            throw config.invalid(USERS_FILE, "set " + USERS_FILE + ", " + ACL_FILE + " or both; with neither the "
                    + "plugin would do nothing");
        }
        return new AuthFileSettings(usersFile, aclFile,
                config.duration(RELOAD_INTERVAL, DEFAULT_RELOAD_INTERVAL),
                config.integer(VERIFICATION_THREADS, defaultVerificationThreads(), 1, 64),
                config.integer(CACHE_SIZE, DEFAULT_CACHE_SIZE, 0, 1_000_000),
                config.duration(CACHE_TTL, DEFAULT_CACHE_TTL));
    }
}
