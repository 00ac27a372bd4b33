package io.weft.distribution.config;

/**
 * A configuration problem that stops start-up. The message is complete and meant for the operator as it is:
 * it names the key and where the value came from (file and line:column, environment variable, or option).
 */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }

    /** A problem with a value from {@code origin}: the message becomes {@code "<origin>: <problem>"}. */
    public static ConfigException at(Origin origin, String problem) {
        return new ConfigException(origin.description() + ": " + problem);
    }
}
