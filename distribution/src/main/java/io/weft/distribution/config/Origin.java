package io.weft.distribution.config;

import org.snakeyaml.engine.v2.exceptions.Mark;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a setting came from, as shown at the start of an error message.
 *
 * @param description {@code weft.yaml:3:5}, {@code environment variable WEFT_LISTENER_PORT},
 *                    {@code option --port} or {@code default value}
 */
public record Origin(String description) {

    public static final Origin DEFAULT = new Origin("default value");

    /** A position in a YAML file; marks are 0-based, people count from 1. */
    public static Origin file(Path file, Optional<Mark> mark) {
        return mark.map(at -> new Origin(file + ":" + (at.getLine() + 1) + ":" + (at.getColumn() + 1)))
                .orElseGet(() -> file(file));
    }

    public static Origin file(Path file) {
        return new Origin(file.toString());
    }

    public static Origin environment(String variable) {
        return new Origin("environment variable " + variable);
    }

    public static Origin option(String option) {
        return new Origin("option " + option);
    }
}
