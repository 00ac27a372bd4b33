package io.weft.core.plugin;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.weft.core.plugin.isolated.IsolatedProvider;
import io.weft.core.security.AuthenticationResult;
import io.weft.core.security.Authenticator.ConnectRequest;
import io.weft.core.testing.TestBroker;
import io.weft.spi.PluginProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Finding providers on the class path and in jars dropped into the plugins directory, each in its own loader. */
class PluginCatalogTest {

    /** A jar holding {@link IsolatedProvider} and its services entry naming {@code providerClass}. */
    static Path jar(Path file, String providerClass) throws IOException, URISyntaxException {
        Path classes = Path.of(IsolatedProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String classFile = IsolatedProvider.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new JarEntry(classFile));
            out.write(Files.readAllBytes(classes.resolve(classFile)));
            out.putNextEntry(new JarEntry("META-INF/services/" + PluginProvider.class.getName()));
            out.write((providerClass + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return file;
    }

    @Test
    @DisplayName("a jar in the plugins directory gets a class loader that sees the SPI and the JDK, not the broker")
    void jarsAreIsolated(@TempDir Path directory) throws Exception {
        jar(directory.resolve("isolated.jar"), IsolatedProvider.class.getName());
        PluginCatalog catalog = PluginCatalog.discover(getClass().getClassLoader(), directory);
        PluginCatalog.Entry entry = catalog.find("isolated").orElseThrow();
        assertThat(entry.origin()).endsWith("isolated.jar");
        assertThat(entry.provider().getClass()).as("its own copy of the class").isNotSameAs(IsolatedProvider.class);
        assertThat(catalog.types()).contains("test-users", "isolated");

        try (Plugins plugins = Plugins.start(catalog, List.of(PluginSpec.of("iso", "isolated", Map.of())),
                TestBroker.settings(), new PrometheusRegistry())) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", 1);
            AuthenticationResult result = plugins.authenticator().authenticate(new ConnectRequest("c", "u", null,
                    address, 4, address, List.of()));
            AuthenticationResult.Allow allow = (AuthenticationResult.Allow) result;
            assertThat(allow.principal().name()).isEqualTo("isolated");
            assertThat(allow.principal().attributes()).containsEntry("context-loader-is-plugin-loader", "true");
        }
    }

    @Test
    @DisplayName("a folder of jars is one plugin; two providers of one type are refused naming both")
    void foldersAndDuplicates(@TempDir Path directory) throws Exception {
        Files.createDirectories(directory.resolve("first"));
        jar(directory.resolve("first/plugin.jar"), IsolatedProvider.class.getName());
        assertThat(PluginCatalog.discover(getClass().getClassLoader(), directory).find("isolated")).isPresent();

        jar(directory.resolve("second.jar"), IsolatedProvider.class.getName());
        assertThatThrownBy(() -> PluginCatalog.discover(getClass().getClassLoader(), directory))
                .isInstanceOf(PluginException.class).hasMessageContaining("two plugin providers of type isolated")
                .hasMessageContaining("first").hasMessageContaining("second.jar");
    }

    @Test
    @DisplayName("a broken services entry names the jar; a missing plugins directory is no plugins")
    void brokenJars(@TempDir Path directory) throws Exception {
        assertThat(PluginCatalog.discover(getClass().getClassLoader(), directory.resolve("missing")).types())
                .doesNotContain("isolated");
        jar(directory.resolve("broken.jar"), "com.example.Missing");
        assertThatThrownBy(() -> PluginCatalog.discover(getClass().getClassLoader(), directory))
                .hasMessageContaining("broken.jar").hasMessageContaining("com.example.Missing");
        Files.delete(directory.resolve("broken.jar"));
        try (OutputStream out = Files.newOutputStream(directory.resolve("not-a-jar.jar"))) {
            out.write("junk".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> PluginCatalog.discover(getClass().getClassLoader(), directory))
                .hasMessageContaining("not-a-jar.jar");
    }
}
