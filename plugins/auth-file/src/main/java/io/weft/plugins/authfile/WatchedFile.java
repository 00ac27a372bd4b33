package io.weft.plugins.authfile;

import io.weft.spi.PluginMetrics;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * Thread-safe: {@link #current()} is read on clients' virtual threads; {@link #poll()} runs on the plugin's reload
 * thread only. The parsed content of a file, read again when the file changes.
 *
 * <p>A change is noticed by the file's modification time, size and identity (inode), which an atomic replace
 * changes too. It is applied once the file has looked the same for two polls in a row, so that a file caught
 * half-written by an editor is not loaded. A file that cannot be read or parsed leaves the previous content in
 * place and is logged with its problems, once per change.
 */
final class WatchedFile<T> {

    /** Turns the lines of a file into its content. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(Path file, List<String> lines) throws FileFormatException;
    }

    private record Stamp(FileTime modified, long size, Object identity) {
    }

    private final String kind;
    private final Path path;
    private final Parser<T> parser;
    private final System.Logger logger;
    private final PluginMetrics.Counter reloads;
    private volatile T current;
    private Stamp loaded;
    private Stamp pending;
    private boolean reportedMissing;

    private WatchedFile(String kind, Path path, Parser<T> parser, System.Logger logger,
                        PluginMetrics.Counter reloads) {
        this.kind = kind;
        this.path = path;
        this.parser = parser;
        this.logger = logger;
        this.reloads = reloads;
    }

    /**
     * Reads and parses {@code path} now.
     *
     * @param kind {@code users} or {@code acl}: the label of the reload counter, and in messages
     * @throws IOException         when the file cannot be read (or is not UTF-8)
     * @throws FileFormatException when the parser refuses it
     */
    static <T> WatchedFile<T> open(String kind, Path path, Parser<T> parser, System.Logger logger,
                                   PluginMetrics.Counter reloads) throws IOException, FileFormatException {
        WatchedFile<T> file = new WatchedFile<>(kind, path, parser, logger, reloads);
        Stamp stamp = stamp(path);
        file.current = parser.parse(path, read(path));
        file.loaded = stamp;
        return file;
    }

    T current() {
        return current;
    }

    Path path() {
        return path;
    }

    /** Loads the file again when it changed and has settled since the last poll. */
    void poll() {
        Stamp now;
        try {
            now = stamp(path);
        } catch (IOException unreadable) {
            if (!reportedMissing) {
                reportedMissing = true;
                logger.log(Level.ERROR, kind + " file " + path + " cannot be read (" + describe(unreadable)
                        + "); keeping the content loaded before");
            }
            return;
        }
        reportedMissing = false;
        if (now.equals(loaded)) {
            pending = null;
            return;
        }
        if (!now.equals(pending)) {
            pending = now; // changed since the last look: wait a poll for the writer to finish
            return;
        }
        pending = null;
        try {
            List<String> lines = read(path);
            Stamp after = stamp(path);
            if (!after.equals(now)) {
                pending = after;
                return;
            }
            T parsed = parser.parse(path, lines);
            current = parsed;
            loaded = now;
            logger.log(Level.INFO, kind + " file " + path + " reloaded");
            reloads.increment(kind, "loaded");
        } catch (IOException | FileFormatException failure) {
            loaded = now;
            logger.log(Level.ERROR, kind + " file " + path + " not reloaded, keeping the content loaded before: "
                    + describe(failure));
            reloads.increment(kind, "failed"); // after the log line: tests wait for the count, then read the log
        }
    }

    private static Stamp stamp(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    }

    private static List<String> read(Path path) throws IOException {
        return Files.readAllLines(path, StandardCharsets.UTF_8);
    }

    static String describe(Exception failure) {
        return switch (failure) {
            case NoSuchFileException missing -> "no such file";
            case MalformedInputException notText -> "not UTF-8 text";
            default -> failure.getMessage() == null ? failure.toString() : failure.getMessage();
        };
    }
}
