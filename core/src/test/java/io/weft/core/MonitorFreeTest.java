package io.weft.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Java 21 a virtual thread that blocks inside {@code synchronized} pins its carrier thread; with a few
 * carriers on a small machine that stalls every connection. The broker uses ReentrantLock instead, and this
 * test keeps it that way for the code that runs on connection threads.
 */
class MonitorFreeTest {

    private static final Pattern MONITOR = Pattern.compile("^(?!\\s*(//|\\*|/\\*)).*\\bsynchronized\\b");

    @Test
    void noSynchronizedInCore() throws IOException {
        Path sources = Path.of("src/main/java");
        assertThat(sources).isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(MonitorFreeTest::monitorLines).toList();
        }
        assertThat(offenders).as("synchronized blocks or methods (use ReentrantLock)").isEmpty();
    }

    private static Stream<String> monitorLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return java.util.stream.IntStream.range(0, lines.size())
                    .filter(index -> MONITOR.matcher(lines.get(index)).find())
                    .mapToObj(index -> file + ":" + (index + 1) + ": " + lines.get(index).strip());
        } catch (IOException failure) {
            throw new java.io.UncheckedIOException(failure);
        }
    }
}
