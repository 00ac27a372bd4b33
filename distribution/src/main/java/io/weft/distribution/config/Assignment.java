package io.weft.distribution.config;

/**
 * One key given a value by one source, before parsing.
 *
 * @param key    the key
 * @param text   the value as written
 * @param origin where it was written, for error messages
 */
public record Assignment(ConfigKey<?> key, String text, Origin origin) {
}
