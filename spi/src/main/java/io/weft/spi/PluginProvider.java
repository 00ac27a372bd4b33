package io.weft.spi;

/**
 * Makes plugin instances of one type. Found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.weft.spi.PluginProvider}. A provider is stateless and needs a public no-argument
 * constructor; the broker may make several instances of its type, each with its own name and configuration.
 *
 * <pre>{@code
 * public final class TokenProvider implements PluginProvider {
 *     public String type() { return "token-auth"; }
 *     public int spiVersion() { return SpiVersion.MAJOR; }
 *     public Plugin create(PluginContext context) throws PluginConfigException {
 *         return new TokenAuthenticator(context.config().string("token"));
 *     }
 * }
 * }</pre>
 *
 * @since 1.0
 */
public interface PluginProvider {

    /**
     * The type that configurations name ({@code type: auth-file}): lower case letters, digits and dashes,
     * unique among the providers the broker finds.
     */
    String type();

    /**
     * The SPI major version this provider was compiled against: return {@link SpiVersion#MAJOR}, which the
     * compiler copies into the provider's class, so the broker can refuse a plugin built for another version.
     */
    int spiVersion();

    /**
     * A new instance configured by {@code context}. Called at start-up, and when a configuration reload enables
     * or changes an instance, on the thread doing it (never on a client's thread), with the deadline of
     * {@code plugins.start-timeout}. May block (to read files or reach a service).
     *
     * @throws PluginConfigException when the configuration is wrong; made with
     *         {@link PluginConfig#invalid(String, String)} so that the message names the key. At start-up it stops
     *         the broker; on a reload the instance stays as it was.
     */
    Plugin create(PluginContext context) throws PluginConfigException;

    /**
     * Checks a type name: lower case letters, digits and dashes, starting with a letter, at most 64 characters.
     * The broker and the testkit both apply it.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static String checkType(String type) {
        if (type == null || !type.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("a plugin type is lower case letters, digits and dashes, starting "
                    + "with a letter, at most 64 characters: " + type);
        }
        return type;
    }
}
