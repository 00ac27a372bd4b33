package io.weft.core.plugin;

/**
 * The parent of every plugin jar's class loader: it lets through the SPI ({@code io.weft.spi}) from the broker's
 * own class loader and the JDK from the platform class loader, and nothing else, so that a plugin sees none of the
 * broker's classes or libraries and may bring its own versions of any library. Stateless, any thread.
 */
final class SpiOnlyClassLoader extends ClassLoader {

    private static final String SPI_PACKAGE = "io.weft.spi.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader broker;

    SpiOnlyClassLoader(ClassLoader broker) {
        super("weft-spi-only", ClassLoader.getPlatformClassLoader());
        this.broker = broker;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SPI_PACKAGE)) {
            return broker.loadClass(name);
        }
        return super.loadClass(name, resolve); // the platform loader, then findClass, which finds nothing
    }
}
