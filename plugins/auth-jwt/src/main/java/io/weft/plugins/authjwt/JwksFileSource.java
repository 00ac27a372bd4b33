package io.weft.plugins.authjwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.weft.spi.PluginMetrics;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Thread-safe: called on clients' virtual threads, many at once; each call reads the file's attributes, and one
 * thread at a time reads the file again, under a lock (not a monitor, which would pin the carrier thread).
 * Keys from a JWKS file, read again when the file changes (its modification time, size or identity: an atomic
 * rename counts). A change that does not parse keeps the last good set and is logged once.
 */
final class JwksFileSource implements KeySource {

    /** What identifies one version of the file without reading it. */
    private record Stamp(FileTime modified, long size, Object fileKey) {
    }

    private record Loaded(List<JWK> keys, Stamp stamp) {
    }

    private final Path file;
    private final System.Logger logger;
    private final PluginMetrics.Counter refreshes;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Loaded current;
    private volatile Stamp lastSeen;

    private JwksFileSource(Path file, System.Logger logger, PluginMetrics.Counter refreshes, Loaded first) {
        this.file = file;
        this.logger = logger;
        this.refreshes = refreshes;
        this.current = first;
        this.lastSeen = first.stamp();
    }

    /**
     * Reads {@code file}, which must hold at least one usable key.
     *
     * @throws IllegalArgumentException naming what is wrong, for the configuration error
     */
    static JwksFileSource open(Path file, System.Logger logger, PluginMetrics.Counter refreshes) throws IOException {
        Stamp stamp = stamp(file);
        List<JWK> keys = parse(file, logger);
        logger.log(Level.INFO, () -> "jwks-file " + file + ": " + keys.size() + " keys " + JwksKeys.ids(keys));
        return new JwksFileSource(file, logger, refreshes, new Loaded(keys, stamp));
    }

    @Override
    public List<JWK> keys() {
        Stamp stamp;
        try {
            stamp = stamp(file);
        } catch (IOException unreadable) {
            noteOnce(null, "cannot read its attributes (" + unreadable + ")");
            return current.keys();
        }
        if (!stamp.equals(lastSeen)) {
            reload(stamp);
        }
        return current.keys();
    }

    private void reload(Stamp stamp) {
        reloading.lock();
        try {
            if (stamp.equals(lastSeen)) {
                return; // another thread read this version meanwhile
            }
            lastSeen = stamp;
            List<JWK> keys = parse(file, logger);
            current = new Loaded(keys, stamp);
            refreshes.increment("file", "ok");
            logger.log(Level.INFO, () -> "jwks-file " + file + " changed: " + keys.size() + " keys "
                    + JwksKeys.ids(keys));
        } catch (IOException | IllegalArgumentException failure) {
            refreshes.increment("file", "failed");
            logger.log(Level.WARNING, "jwks-file " + file + " changed but " + failure.getMessage()
                    + "; keeping the " + current.keys().size() + " keys read before");
        } finally {
            reloading.unlock();
        }
    }

    private void noteOnce(Stamp stamp, String problem) {
        if (!Objects.equals(lastSeen, stamp)) {
            lastSeen = stamp;
            refreshes.increment("file", "failed");
            logger.log(Level.WARNING, "jwks-file " + file + ": " + problem + "; keeping the "
                    + current.keys().size() + " keys read before");
        }
    }

    private static Stamp stamp(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    }

    private static List<JWK> parse(Path file, System.Logger logger) throws IOException {
        JWKSet set;
        try {
            set = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (ParseException notJwks) {
            throw new IllegalArgumentException("is not a JWKS (" + notJwks.getMessage() + ")");
        }
        List<JWK> keys = JwksKeys.usable(set, skipped -> logger.log(Level.WARNING,
                "jwks-file " + file + ": skipped " + skipped));
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("holds no usable signing key (RSA of 2048 bits or more, or EC on "
                    + "P-256, P-384 or P-521)");
        }
        return keys;
    }
}
