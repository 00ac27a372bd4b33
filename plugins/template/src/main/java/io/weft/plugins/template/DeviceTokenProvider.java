package io.weft.plugins.template;

import io.weft.spi.Plugin;
import io.weft.spi.PluginConfig;
import io.weft.spi.PluginConfigException;
import io.weft.spi.PluginContext;
import io.weft.spi.PluginProvider;
import io.weft.spi.SpiVersion;
import io.weft.spi.auth.TopicFilter;

import java.nio.charset.StandardCharsets;

/**
 * The provider of the {@code device-token} plugin: the broker finds it through
 * {@code META-INF/services/io.weft.spi.PluginProvider} and calls {@link #create} once per configured instance.
 * Stateless, as every provider must be.
 *
 * <pre>
 * plugins:
 *   instances:
 *     devices:
 *       type: device-token
 *       token: change-me-to-a-long-random-string
 *       topic-root: devices        # optional
 * </pre>
 */
public final class DeviceTokenProvider implements PluginProvider {

    /** Shorter shared tokens are too easy to guess. */
    static final int MINIMUM_TOKEN_LENGTH = 16;

    @Override
    public String type() {
        return "device-token";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.MAJOR; // compiled in: the broker refuses a plugin built for another SPI
    }

    @Override
    public Plugin create(PluginContext context) throws PluginConfigException {
        PluginConfig config = context.config();
        config.allowOnly("token", "topic-root"); // a misspelt key stops the broker instead of being ignored
        String token = config.string("token");
        if (token.length() < MINIMUM_TOKEN_LENGTH) {
            throw config.invalid("token", "must be at least " + MINIMUM_TOKEN_LENGTH + " characters");
        }
        String root = config.string("topic-root", "devices");
        if (!TopicFilter.isValid(root) || root.contains("+") || root.contains("#")) {
            throw config.invalid("topic-root", "must be a topic name without wildcards, got '" + root + "'");
        }
        context.logger().log(System.Logger.Level.INFO, "devices authenticate with the shared token; topics under {0}/",
                root);
        return new DeviceTokenAuthenticator(token.getBytes(StandardCharsets.UTF_8), root,
                context.metrics().counter("connects", "CONNECTs this plugin decided, by result", "result"));
    }
}
