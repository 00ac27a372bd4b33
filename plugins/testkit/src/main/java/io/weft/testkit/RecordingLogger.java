package io.weft.testkit;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** Thread-safe (any thread): a {@link System.Logger} that keeps every record, so a test can check what was logged. */
public final class RecordingLogger implements System.Logger {

    /** One logged line: the level, the formatted message and the exception, if any. */
    public record Entry(Level level, String message, Throwable thrown) {
    }

    private final String name;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    public RecordingLogger(String name) {
        this.name = name;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Entries at {@code level} or above. */
    public List<Entry> entriesAtLeast(Level level) {
        return entries.stream().filter(entry -> entry.level().getSeverity() >= level.getSeverity()).toList();
    }

    /** Whether a message containing {@code text} was logged at {@code level} or above. */
    public boolean logged(Level level, String text) {
        return entriesAtLeast(level).stream().anyMatch(entry -> entry.message().contains(text));
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return level != Level.OFF;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        entries.add(new Entry(level, String.valueOf(message), thrown));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... parameters) {
        String message = parameters == null || parameters.length == 0 ? String.valueOf(format)
                : MessageFormat.format(format, parameters);
        entries.add(new Entry(level, message, null));
    }

    @Override
    public void log(Level level, Supplier<String> message) {
        entries.add(new Entry(level, message.get(), null));
    }
}
