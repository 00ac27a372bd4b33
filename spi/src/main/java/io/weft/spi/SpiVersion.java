package io.weft.spi;

/**
 * The version of this SPI. The major version changes when a type or method is removed or changes meaning;
 * the minor when something is added. A provider reports the major version it was compiled against
 * ({@link PluginProvider#spiVersion()} returning {@link #MAJOR}, which the compiler copies into the plugin),
 * and the broker refuses a provider built for another major version, naming it.
 *
 * @since 1.0
 */
public final class SpiVersion {

    /** Incompatible changes. */
    public static final int MAJOR = 1;
    /** Compatible additions since the major version. */
    public static final int MINOR = 0;

    private SpiVersion() {
    }

    /** {@code MAJOR.MINOR} of the SPI the broker runs with. */
    public static String current() {
        return MAJOR + "." + MINOR;
    }
}
