package io.weft.core.plugin;

/**
 * Plugins cannot be found or started as configured: a missing type, a broken jar, a provider built for another SPI
 * version, a plugin whose configuration is wrong or that failed to start. The message names the configuration key
 * or the jar; at start-up it stops the broker.
 */
public final class PluginException extends Exception {

    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
