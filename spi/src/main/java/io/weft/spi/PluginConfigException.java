package io.weft.spi;

/**
 * A plugin's configuration is wrong. The message names the full key ({@code plugins.instances.users.users-file})
 * and what is wrong with it; make one with {@link PluginConfig#invalid(String, String)}.
 *
 * @since 1.0
 */
public final class PluginConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String key;

    public PluginConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public PluginConfigException(String key, String problem, Throwable cause) {
        super(key + ": " + problem, cause);
        this.key = key;
    }

    /** The full key of the offending setting. */
    public String key() {
        return key;
    }
}
