package io.weft.plugins.authfile;

import io.weft.spi.Plugin;
import io.weft.spi.PluginConfigException;
import io.weft.spi.PluginContext;
import io.weft.spi.PluginProvider;
import io.weft.spi.SpiVersion;

/**
 * Makes {@code auth-file} plugins: users and passwords from a mosquitto-compatible password file, access rules
 * from a mosquitto-style ACL file. With a users file the plugin is an authenticator and an authorizer (one that
 * restricts nothing without an ACL file); with only an ACL file, an authorizer only. Stateless.
 */
public final class AuthFileProvider implements PluginProvider {

    public static final String TYPE = "auth-file";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int spiVersion() {
        return SpiVersion.MAJOR;
    }

    @Override
    public Plugin create(PluginContext context) throws PluginConfigException {
        AuthFileSettings settings = AuthFileSettings.from(context.config());
        AuthFilePlugin plugin = AuthFilePlugin.open(context, settings);
        return settings.usersFile().isPresent() ? plugin : new AclOnlyPlugin(plugin);
    }
}
