package io.weft.perf.load;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed command line; {@link #parse} fills in each scenario's defaults and checks every value. */
record Options(Scenario scenario, String host, InetAddress address, int port, OptionalLong pid, int qos,
               int payload, int publishers, int subscribers, int window, Duration warmup, Duration duration,
               int rate, int connections, int messages, Protocol protocol, String label, Duration timeout,
               ThreadKind threads, Phase phase, String run, SessionMode subscriberSession) {

    static final String USAGE = """
            Usage: weft-bench SCENARIO [--OPTION VALUE | --OPTION=VALUE]...

            Load generator for any MQTT broker on this machine. Prints one JSON result line on stdout,
            progress on stderr. Exit status: 0 success, 1 messages missing (QoS 1) or duplicated without
            the DUP flag, 2 bad command line, 3 the broker refused something, 4 timeout.

            Scenarios:
              fan-in       N publishers, each on bench/RUN/i; subscribers on bench/RUN/+ (default 10 -> 1, QoS 0)
              fan-out      publishers on one topic, every subscriber gets every message (default 1 -> 10, QoS 0)
              shared       N publishers, M subscribers in $share/bench/bench/RUN/+; each message once (QoS 1)
              latency      --rate msgs/s on a fixed schedule; latency from the intended send time (QoS 1)
              connections  open --connections idle connections, report the connect rate and broker RSS
              backlog      a persistent session misses --messages QoS 1 messages, then drains them;
                           --phase fill and --phase drain split this over two runs (a broker restart between)
              overload     --subscribers stop reading while --publishers flood them at QoS 0; a bystander's
                           QoS 1 round trips unloaded and loaded, and with --pid the broker's heap after GC

            Options (default):
              --host HOST          broker address; must resolve to a loopback address (127.0.0.1)
              --port PORT          broker port (1883)
              --pid PID            the broker's process: report its CPU time and RSS (/proc/PID)
              --qos 0|1            publish and subscribe QoS (per scenario, see above)
              --payload BYTES      payload size, at least 20 (64)
              --publishers N       publishing connections (per scenario)
              --subscribers N      subscribing connections (per scenario)
              --window N           per publisher: unacknowledged QoS 1 messages, and messages sent but not yet
                                   delivered to the slowest subscriber at any QoS (64)
              --warmup DURATION    not measured, before the measured interval (3s)
                                   connections: first open and close up to 5,000, then wait this long
              --duration DURATION  the measured interval (10s)
              --rate N             latency: messages per second over all publishers (10000)
              --connections N      connections: how many to open (1000)
              --messages N         backlog: how many messages to queue (10000)
              --protocol 4|5       MQTT 3.1.1 or 5.0 (4)
              --label TEXT         copied to the result line
              --timeout DURATION   hard deadline for the whole run; exit 4 when reached (60s)
              --threads KIND       platform or virtual threads for the connections (platform)
              --phase PHASE        backlog: fill (queue the messages, leave the session), drain (only drain
                                   and discard the session) or both (both)
              --run ID             names the run's topics and client ids (bench/ID/..., bench-ID-...); letters
                                   and digits, at most 16 (random; backlog --phase fill|drain: restart)
              --subscriber-session clean|persistent
                                   fan-in, fan-out, shared, latency: subscribers' sessions (clean); persistent
                                   ones are discarded at the end of the run
              --help               print this help and exit

            DURATION: a number with ms, s or m (a bare number means seconds).
            """;

    private static final Pattern RUN = Pattern.compile("[A-Za-z0-9]{1,16}");
    /** The run of {@code --phase fill} and {@code --phase drain} unless --run names one: both must agree. */
    static final String PHASED_RUN = "restart";
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");
    private static final List<String> KEYS = List.of("host", "port", "pid", "qos", "payload", "publishers",
            "subscribers", "window", "warmup", "duration", "rate", "connections", "messages", "protocol",
            "label", "timeout", "threads", "phase", "run", "subscriber-session");

    /** Parses the arguments; returns null when help was asked for. */
    static Options parse(List<String> arguments) throws UsageException {
        if (arguments.contains("--help") || arguments.contains("-h")) {
            return null;
        }
        if (arguments.isEmpty() || arguments.getFirst().startsWith("-")) {
            throw new UsageException("missing SCENARIO (fan-in, fan-out, shared, latency, connections, backlog)");
        }
        Scenario scenario = Scenario.named(arguments.getFirst());
        if (scenario == null) {
            throw new UsageException("unknown scenario '" + arguments.getFirst()
                    + "' (fan-in, fan-out, shared, latency, connections, backlog)");
        }
        Map<String, String> values = new HashMap<>();
        for (int index = 1; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            if (!argument.startsWith("--")) {
                throw new UsageException("unexpected argument '" + argument + "'");
            }
            String key = argument.substring(2);
            String value = null;
            int equals = key.indexOf('=');
            if (equals >= 0) {
                value = key.substring(equals + 1);
                key = key.substring(0, equals);
            }
            if (!KEYS.contains(key)) {
                throw new UsageException("unknown option '--" + key + "'");
            }
            if (value == null) {
                if (index + 1 == arguments.size()) {
                    throw new UsageException("--" + key + ": missing value");
                }
                value = arguments.get(++index);
            }
            values.put(key, value);
        }
        return build(scenario, values);
    }

    private static Options build(Scenario scenario, Map<String, String> values) throws UsageException {
        String host = values.getOrDefault("host", "127.0.0.1");
        int qos = integer(values, "qos", scenario.defaultQos(), 0, 1);
        if (scenario == Scenario.OVERLOAD && qos != 0) {
            throw new UsageException("--qos: overload floods at QoS 0 (the bystander always uses QoS 1)");
        }
        if (scenario == Scenario.BACKLOG && qos == 0) {
            throw new UsageException("--qos: backlog needs QoS 1 (QoS 0 messages are not queued for offline sessions)");
        }
        OptionalLong pid = OptionalLong.empty();
        if (values.containsKey("pid")) {
            int number = integer(values, "pid", 0, 1, Integer.MAX_VALUE);
            if (!Files.exists(Path.of("/proc", Integer.toString(number), "stat"))) {
                throw new UsageException("--pid: no process " + number + " (/proc/" + number + "/stat)");
            }
            pid = OptionalLong.of(number);
        }
        int protocol = integer(values, "protocol", 4, 4, 5);
        return new Options(scenario, host, loopback(host), integer(values, "port", 1883, 1, 65535), pid, qos,
                integer(values, "payload", 64, Payload.MINIMUM_SIZE, 16 * 1024 * 1024),
                integer(values, "publishers", scenario.defaultPublishers(), 1, 10_000),
                integer(values, "subscribers", scenario.defaultSubscribers(), 1, 10_000),
                integer(values, "window", 64, 1, 65_535),
                duration(values, "warmup", "3s", false), duration(values, "duration", "10s", true),
                integer(values, "rate", 10_000, 1, 100_000_000),
                integer(values, "connections", 1000, 1, 1_000_000),
                integer(values, "messages", 10_000, 1, 100_000_000),
                protocol == 5 ? Protocol.MQTT_5 : Protocol.MQTT_3_1_1, values.get("label"),
                duration(values, "timeout", "60s", true), threads(values), phase(scenario, values),
                run(values), subscriberSession(scenario, values));
    }

    private static Phase phase(Scenario scenario, Map<String, String> values) throws UsageException {
        String text = values.get("phase");
        if (text == null) {
            return Phase.BOTH;
        }
        if (scenario != Scenario.BACKLOG) {
            throw new UsageException("--phase: only for the backlog scenario");
        }
        Phase phase = Phase.named(text);
        if (phase == null) {
            throw new UsageException("--phase: expected fill, drain or both, got '" + text + "'");
        }
        return phase;
    }

    private static String run(Map<String, String> values) throws UsageException {
        String text = values.get("run");
        if (text != null && !RUN.matcher(text).matches()) {
            throw new UsageException("--run: expected 1 to 16 letters and digits, got '" + text + "'");
        }
        return text;
    }

    private static SessionMode subscriberSession(Scenario scenario, Map<String, String> values)
            throws UsageException {
        String text = values.get("subscriber-session");
        if (text == null) {
            return SessionMode.CLEAN;
        }
        if (scenario == Scenario.CONNECTIONS || scenario == Scenario.BACKLOG || scenario == Scenario.OVERLOAD) {
            throw new UsageException("--subscriber-session: only for fan-in, fan-out, shared and latency");
        }
        return switch (text) {
            case "clean" -> SessionMode.CLEAN;
            case "persistent" -> SessionMode.PERSISTENT;
            default -> throw new UsageException("--subscriber-session: expected clean or persistent, got '"
                    + text + "'");
        };
    }

    /** The first address of {@code host}; every address it resolves to must be a loopback address. */
    private static InetAddress loopback(String host) throws UsageException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException unknown) {
            throw new UsageException("--host: cannot resolve '" + host + "'");
        }
        for (InetAddress address : addresses) {
            if (!address.isLoopbackAddress()) {
                throw new UsageException("--host: '" + host + "' resolves to " + address.getHostAddress()
                        + ", not a loopback address; weft-bench only loads brokers on this machine");
            }
        }
        return addresses[0];
    }

    private static int integer(Map<String, String> values, String key, int fallback, int minimum, int maximum)
            throws UsageException {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= minimum && value <= maximum) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the allowed range
        }
        throw new UsageException("--" + key + ": expected " + (maximum - minimum == 1
                ? minimum + " or " + maximum : "an integer from " + minimum + " to " + maximum)
                + ", got '" + text + "'");
    }

    private static Duration duration(Map<String, String> values, String key, String fallback, boolean positive)
            throws UsageException {
        String text = values.getOrDefault(key, fallback);
        Matcher matcher = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (matcher.matches() && matcher.group(1).length() <= 9) {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            Duration value = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
            if (!positive || !value.isZero()) {
                return value;
            }
        }
        throw new UsageException("--" + key + ": expected a " + (positive ? "positive " : "")
                + "duration such as 500ms, 10s or 2m, got '" + text + "'");
    }

    private static ThreadKind threads(Map<String, String> values) throws UsageException {
        String text = values.getOrDefault("threads", "platform");
        return switch (text) {
            case "platform" -> ThreadKind.PLATFORM;
            case "virtual" -> ThreadKind.VIRTUAL;
            default -> throw new UsageException("--threads: expected platform or virtual, got '" + text + "'");
        };
    }

    double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
