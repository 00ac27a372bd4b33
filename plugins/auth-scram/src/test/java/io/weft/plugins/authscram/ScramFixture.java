package io.weft.plugins.authscram;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import io.weft.spi.PluginConfigException;
import io.weft.spi.auth.EnhancedAuthenticator;
import io.weft.testkit.PluginHarness;
import io.weft.testkit.TestPluginContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/** Credentials files and plugin instances for tests. */
final class ScramFixture {

    /** Fast for tests; the file format does not care. */
    static final int ITERATIONS = 4096;

    private ScramFixture() {
    }

    static String line(String user, String password) {
        return line(ScramMechanism.SCRAM_SHA_256, user, password);
    }

    static String line(ScramMechanism mechanism, String user, String password) {
        byte[] salt = ScramFunctions.salt(ScramCredential.SALT_BYTES, new SecureRandom());
        return ScramCredential.derive(mechanism, user, password.toCharArray(), salt, ITERATIONS).line();
    }

    static Path write(Path file, List<String> lines) throws IOException {
        // Through a move, like scram-passwd, so that the watcher sees a new file even within one mtime tick.
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "credentials", ".new");
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    static TestPluginContext context(Path file, Path dataDirectory, Map<String, ?> more) {
        return TestPluginContext.builder("scram").set("credentials-file", file.toString()).config(more)
                .dataDirectory(dataDirectory).build();
    }

    static EnhancedAuthenticator create(TestPluginContext context) throws PluginConfigException {
        return PluginHarness.create(ScramAuthenticationProvider.TYPE, context, EnhancedAuthenticator.class);
    }
}
