package io.weft.distribution.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parsed command line: what to do, the configuration file if any, and the key options. A key option
 * is {@code --KEY VALUE} or {@code --KEY=VALUE}, with KEY a dotted key name or a short option
 * ({@code --port}, {@code --bind}, {@code --data-dir}).
 *
 * @param action      start the broker, or print help or the version
 * @param configFile  the file named by {@code --config}
 * @param assignments key options in the order given; a later one overrides an earlier one
 */
record CommandLine(Action action, Optional<Path> configFile, List<Assignment> assignments) {

    static final String CONFIG = "--config";
    static final String HELP = "--help";
    static final String VERSION = "--version";

    enum Action { START, HELP, VERSION }

    static CommandLine parse(List<String> arguments) throws ConfigException {
        // --help and --version win wherever they are, even next to a mistake.
        if (arguments.contains(HELP) || arguments.contains("-h")) {
            return new CommandLine(Action.HELP, Optional.empty(), List.of());
        }
        if (arguments.contains(VERSION)) {
            return new CommandLine(Action.VERSION, Optional.empty(), List.of());
        }
        Optional<Path> configFile = Optional.empty();
        List<Assignment> assignments = new ArrayList<>();
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            if (!argument.startsWith("--")) {
                throw new ConfigException("unexpected argument '" + argument + "': options start with --"
                        + " (see weft --help)");
            }
            int equals = argument.indexOf('=');
            String option = equals < 0 ? argument : argument.substring(0, equals);
            String value;
            if (equals >= 0) {
                value = argument.substring(equals + 1);
            } else if (index + 1 < arguments.size() && !arguments.get(index + 1).startsWith("--")) {
                value = arguments.get(++index);
            } else {
                throw ConfigException.at(Origin.option(option), "needs a value");
            }
            if (option.equals(CONFIG)) {
                if (value.isEmpty()) {
                    throw ConfigException.at(Origin.option(option), "needs a file name");
                }
                configFile = Optional.of(Path.of(value));
            } else {
                ConfigKey<?> key = ConfigKeys.byOption(option).orElseThrow(() -> unknown(option));
                assignments.add(new Assignment(key, value, Origin.option(option)));
            }
        }
        return new CommandLine(Action.START, configFile, List.copyOf(assignments));
    }

    private static ConfigException unknown(String option) {
        List<String> options = new ArrayList<>(List.of(CONFIG, HELP, VERSION));
        for (ConfigKey<?> key : ConfigKeys.all()) {
            options.add(key.option());
            key.shortOption().ifPresent(options::add);
        }
        String suggestion = ConfigKeys.closest(option, options)
                .map(candidate -> " (did you mean '" + candidate + "'?)")
                .orElse("");
        return new ConfigException("unknown option '" + option + "'" + suggestion + "; see weft --help");
    }
}
