package io.weft.plugins.authfile;

import java.nio.file.Path;

/** Something wrong on one line of a users or ACL file, shown as {@code FILE:LINE: problem}. */
record FileProblem(Path file, int line, String problem) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + problem;
    }
}
