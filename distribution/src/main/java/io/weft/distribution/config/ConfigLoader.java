package io.weft.distribution.config;

import java.util.List;
import java.util.Map;

/**
 * Loads the configuration from the command line, the environment and the YAML file named by
 * {@code --config}. Precedence: command line, then environment, then file, then the defaults of
 * {@link io.weft.core.BrokerSettings#defaults()}. The first problem found stops loading with a
 * {@link ConfigException} naming the key and the source.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * @param arguments   the command-line arguments
     * @param environment the process environment (tests pass their own map)
     */
    public static Invocation load(List<String> arguments, Map<String, String> environment) throws ConfigException {
        CommandLine commandLine = CommandLine.parse(arguments);
        return switch (commandLine.action()) {
            case HELP -> new Invocation.ShowHelp();
            case VERSION -> new Invocation.ShowVersion();
            case START -> new Invocation.Start(configuration(commandLine, environment));
        };
    }

    private static Configuration configuration(CommandLine commandLine, Map<String, String> environment)
            throws ConfigException {
        List<Assignment> fromEnvironment = EnvironmentSettings.read(environment);
        YamlSettings.FileSettings fromFile = commandLine.configFile().isPresent()
                ? YamlSettings.read(commandLine.configFile().get())
                : YamlSettings.FileSettings.NONE;
        SettingsAssembler assembler = new SettingsAssembler();
        for (List<Assignment> source : List.of(fromFile.assignments(), fromEnvironment, commandLine.assignments())) {
            for (Assignment assignment : source) {
                assembler.apply(assignment);
            }
        }
        return assembler.build(fromFile.plugins(), commandLine.configFile());
    }
}
