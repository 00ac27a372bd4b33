package io.weft.core.codec;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes and re-encodes every fixture a subclass lists in its static {@code fixtures()} method (JUnit looks the
 * method up on the concrete test class).
 */
abstract class WireFixtureRoundTrip {

    @ParameterizedTest(name = "decode {0}")
    @MethodSource("fixtures")
    void decodes(WireFixture fixture) throws Exception {
        fixture.assertDecodes();
    }

    @ParameterizedTest(name = "encode {0}")
    @MethodSource("fixtures")
    void encodes(WireFixture fixture) {
        fixture.assertEncodes();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
