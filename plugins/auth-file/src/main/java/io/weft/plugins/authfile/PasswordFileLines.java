package io.weft.plugins.authfile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Confined to the thread running {@link PasswordCommand}: the lines of a users file being edited. User lines are
 * replaced or removed in place; every other line (other users, comments, blank lines) is kept as it was, in order.
 */
final class PasswordFileLines {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final List<String> lines;

    private PasswordFileLines(List<String> lines) {
        this.lines = new ArrayList<>(lines);
    }

    /** The file's lines; none when it does not exist yet. */
    static PasswordFileLines read(Path file) throws IOException {
        return new PasswordFileLines(Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8)
                : List.of());
    }

    static PasswordFileLines of(List<String> lines) {
        return new PasswordFileLines(lines);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Sets {@code user}'s line: the first one of the user is replaced, later ones removed; else appended. */
    boolean put(String user, String hash) {
        String line = user + ":" + hash;
        int first = -1;
        for (int index = 0; index < lines.size(); index++) {
            if (isLineOf(lines.get(index), user)) {
                if (first < 0) {
                    first = index;
                    lines.set(index, line);
                } else {
                    lines.remove(index--);
                }
            }
        }
        if (first < 0) {
            lines.add(line);
        }
        return first >= 0;
    }

    /** Removes every line of {@code user}; whether there was one. */
    boolean remove(String user) {
        return lines.removeIf(line -> isLineOf(line, user));
    }

    /** How the users file parser reads a line: stripped, not a comment, the user name before the first colon. */
    private static boolean isLineOf(String line, String user) {
        String text = line.strip();
        return !text.startsWith("#") && text.startsWith(user + ":");
    }

    /**
     * Writes the lines to {@code file} atomically: a temporary file beside it, flushed to disk, then moved over it,
     * so a reader (the broker's reload) sees the old file or the new one, never half of one. A new file is made
     * readable by its owner only (0600) where the file system has POSIX permissions; an existing one keeps its
     * permissions. A symbolic link is followed, and its target replaced.
     */
    void writeTo(Path file) throws IOException {
        Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
        Path directory = target.getParent();
        boolean posix = Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", attributes);
        try {
            StringBuilder content = new StringBuilder();
            lines.forEach(line -> content.append(line).append('\n'));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.UTF_8.encode(content.toString()));
                channel.force(true);
            }
            if (posix && Files.exists(target)) {
                Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(target));
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException notAtomic) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
