package io.weft.distribution.config;

/** What the command line asks for, once the configuration is loaded. */
public sealed interface Invocation {

    /** Start the broker with this configuration. */
    record Start(Configuration configuration) implements Invocation {
    }

    /** Print the usage and exit. */
    record ShowHelp() implements Invocation {
    }

    /** Print the version and exit. */
    record ShowVersion() implements Invocation {
    }
}
