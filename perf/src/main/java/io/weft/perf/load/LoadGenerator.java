package io.weft.perf.load;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * weft-bench: a load generator for any MQTT broker on this machine. Raw blocking sockets, packets encoded
 * once by its own encoder, many packets per write and 64 KiB reads parsed in place, so that the generator
 * is never the bottleneck. Prints exactly one JSON result line on stdout; progress goes to stderr.
 */
public final class LoadGenerator {

    public static final int EXIT_USAGE = 2;

    /** After the deadline, this long for the run to wind down before the process is halted regardless. */
    private static final long GRACE_MILLIS = TimeUnit.SECONDS.toMillis(15);

    private LoadGenerator() {
    }

    public static void main(String[] arguments) {
        int status = execute(List.of(arguments), System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** Parses the command line, runs the scenario and prints its result line; returns the exit status. */
    public static int execute(List<String> arguments, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(arguments);
        } catch (UsageException invalid) {
            err.println("weft-bench: " + invalid.getMessage());
            err.println("Try 'weft-bench --help'.");
            return EXIT_USAGE;
        }
        if (options == null) {
            out.print(Options.USAGE);
            return 0;
        }
        Thread backstop = Thread.ofPlatform().name("weft-bench-backstop").daemon().start(() -> halt(options, out));
        Result result = run(options);
        backstop.interrupt();
        out.println(result.toJson());
        return result.exitStatus();
    }

    /** Runs one scenario; never calls System.exit. Throws only for a bad command line. */
    public static Result run(List<String> arguments) throws UsageException {
        Options options = Options.parse(arguments);
        if (options == null) {
            throw new UsageException("--help is not a run");
        }
        return run(options);
    }

    static Result run(Options options) {
        Result result = new Result(options);
        RunContext context = new RunContext(options);
        String run = options.run() != null ? options.run()
                : options.phase() != Phase.BOTH ? Options.PHASED_RUN
                : HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try {
            switch (options.scenario()) {
                case FAN_IN, FAN_OUT, SHARED, LATENCY -> new PubSubScenario(context, run).run(result);
                case CONNECTIONS -> new ConnectionsScenario(context, run).run(result);
                case BACKLOG -> new BacklogScenario(context, run).run(result);
                case OVERLOAD -> new OverloadScenario(context, run).run(result);
            }
        } catch (RunFailure failure) {
            result.failed(failure);
        } catch (IOException | UncheckedIOException broken) {
            // The context's first failure (the deadline, say) explains a later I/O error better than the error.
            RunFailure first = context.failure();
            result.failed(first != null ? first : new RunFailure(RunContext.EXIT_REFUSED, broken.getMessage()));
        } finally {
            context.close();
        }
        return result;
    }

    /** The last line of defence for "always stops by itself": a run stuck past its deadline ends the JVM. */
    private static void halt(Options options, PrintStream out) {
        try {
            Thread.sleep(options.timeout().toMillis() + GRACE_MILLIS);
        } catch (InterruptedException finished) {
            return;
        }
        Result result = new Result(options).failed(new RunFailure(RunContext.EXIT_TIMEOUT,
                "timeout: the run did not stop within " + options.timeout().toSeconds() + "s (--timeout)"));
        out.println(result.toJson());
        out.flush();
        Runtime.getRuntime().halt(RunContext.EXIT_TIMEOUT);
    }
}
