package io.weft.core.plugin;

import io.weft.core.plugin.PluginTelemetry.FailureKind;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Thread-safe (any thread that calls a plugin): calls into plugins with a deadline. Each call runs on a virtual
 * thread of its own (with the plugin's class loader as its context class loader) while the caller waits up to the
 * deadline; a call that passes it is interrupted and abandoned. Whatever the plugin does — throw, hang, return
 * null — the caller gets an {@link Outcome}, the failure is counted and logged with the plugin's name, and the
 * caller's own thread (a client's connection loop) goes on.
 */
final class PluginCalls {

    private final PluginTelemetry telemetry;
    private final FailureLog failures = new FailureLog();

    PluginCalls(PluginTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    /** How a call ended. */
    sealed interface Outcome<T> {
        /** The plugin answered (not null). */
        record Answered<T>(T value) implements Outcome<T> {
        }

        /** The plugin threw or answered null; {@code cause} is null for a null answer. */
        record Failed<T>(Throwable cause) implements Outcome<T> {
        }

        /** The deadline passed. */
        record TimedOut<T>() implements Outcome<T> {
        }
    }

    <T> Outcome<T> call(String plugin, ClassLoader loader, String operation, Duration deadline, Callable<T> body) {
        long started = System.nanoTime();
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("weft-plugin-" + plugin + "-" + operation).unstarted(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable failure) { // a plugin's Error (linkage, assertion) must not escape either
                result.completeExceptionally(failure);
            }
        });
        worker.setContextClassLoader(loader);
        worker.start();
        try {
            T value = result.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            telemetry.called(plugin, operation, System.nanoTime() - started);
            if (value == null) {
                telemetry.failed(plugin, operation, FailureKind.NO_ANSWER);
                failures.log(plugin, operation, "answered null", null);
                return new Outcome.Failed<>(null);
            }
            return new Outcome.Answered<>(value);
        } catch (ExecutionException thrown) {
            telemetry.called(plugin, operation, System.nanoTime() - started);
            telemetry.failed(plugin, operation, FailureKind.EXCEPTION);
            failures.log(plugin, operation, "failed", thrown.getCause());
            return new Outcome.Failed<>(thrown.getCause());
        } catch (TimeoutException late) {
            worker.interrupt();
            telemetry.called(plugin, operation, System.nanoTime() - started);
            telemetry.failed(plugin, operation, FailureKind.TIMEOUT);
            failures.log(plugin, operation, "did not answer within " + deadline.toMillis()
                    + " ms (plugins.call-timeout); abandoned", null);
            return new Outcome.TimedOut<>();
        } catch (InterruptedException interrupted) {
            worker.interrupt();
            Thread.currentThread().interrupt(); // the caller's own shutdown: let it see the interrupt
            return new Outcome.Failed<>(interrupted);
        }
    }

    /** Logs a failure that happened outside {@link #call} (an access policy, a listener), rate-limited. */
    void logFailure(String plugin, String operation, String what, Throwable cause) {
        failures.log(plugin, operation, what, cause);
    }

    PluginTelemetry telemetry() {
        return telemetry;
    }
}
