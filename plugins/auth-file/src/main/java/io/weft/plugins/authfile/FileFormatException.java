package io.weft.plugins.authfile;

import java.util.List;
import java.util.stream.Collectors;

/** A users or ACL file that cannot be used as a whole; the message lists each problem as {@code FILE:LINE: ...}. */
final class FileFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<FileProblem> problems;

    FileFormatException(List<FileProblem> problems) {
        super(problems.stream().map(FileProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    List<FileProblem> problems() {
        return problems;
    }
}
