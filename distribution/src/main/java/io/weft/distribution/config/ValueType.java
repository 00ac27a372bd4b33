package io.weft.distribution.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the text of a setting becomes a value: the parser with its range check, the type's name for the
 * reference, and the printed form of a default. A parser throws {@link IllegalArgumentException} whose
 * message is what was expected, e.g. {@code "a size like 1048576 or 1MiB"}.
 *
 * @param <T> the value's type, which must match the BrokerSettings component the key sets
 */
public final class ValueType<T> {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,18}");
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,18})\\s*(B|KiB|MiB|GiB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,18})\\s*(ms|s|m|h)");
    private static final String[] SIZE_UNITS = {"GiB", "MiB", "KiB"};

    private final String name;
    private final String expected;
    private final Class<?> javaType;
    private final Function<String, T> parser;
    private final Function<T, String> printer;

    private ValueType(String name, String expected, Class<?> javaType, Function<String, T> parser,
                      Function<T, String> printer) {
        this.name = name;
        this.expected = expected;
        this.javaType = javaType;
        this.parser = parser;
        this.printer = printer;
    }

    /** The type's name in the reference: {@code integer}, {@code size}, {@code duration}, ... */
    public String name() {
        return name;
    }

    /** What a valid value looks like, e.g. {@code "a port number from 0 to 65535"}. */
    public String expected() {
        return expected;
    }

    /** The Java type of the value, compared with the record component's type. */
    public Class<?> javaType() {
        return javaType;
    }

    /** Parses {@code text}; throws IllegalArgumentException with what was expected. */
    public T parse(String text) {
        return parser.apply(text.strip());
    }

    /** The value as a user would write it in the file. */
    public String print(Object value) {
        return printer.apply(cast(value));
    }

    @SuppressWarnings("unchecked")
    private T cast(Object value) {
        return (T) value;
    }

    public static ValueType<Integer> integer(int minimum, int maximum) {
        String expected = maximum == Integer.MAX_VALUE
                ? "a whole number from " + minimum + " up"
                : "a whole number from " + minimum + " to " + maximum;
        return new ValueType<>("integer", expected, int.class, text -> {
            long value = wholeNumber(text, expected);
            return (int) within(value, minimum, maximum, expected);
        }, String::valueOf);
    }

    public static ValueType<Integer> port() {
        String expected = "a port number from 0 to 65535";
        return new ValueType<>("port", expected, int.class,
                text -> (int) within(wholeNumber(text, expected), 0, 65535, expected), String::valueOf);
    }

    /** A port, or {@code off} for none, which stands for {@code off} (a value no port has). */
    public static ValueType<Integer> optionalPort(int off) {
        String expected = "a port number from 0 to 65535, or off";
        return new ValueType<>("port or off", expected, int.class,
                text -> text.equals("off") ? off : (int) within(wholeNumber(text, expected), 0, 65535, expected),
                value -> value == off ? "off" : String.valueOf(value));
    }

    public static ValueType<Integer> powerOfTwo(int minimum, int maximum) {
        String expected = "a power of two from " + minimum + " to " + maximum;
        return new ValueType<>("power of two", expected, int.class, text -> {
            long value = within(wholeNumber(text, expected), minimum, maximum, expected);
            if (Long.bitCount(value) != 1) {
                throw new IllegalArgumentException(expected);
            }
            return (int) value;
        }, String::valueOf);
    }

    /** Bytes, written as a plain number or with a binary unit: {@code 65536}, {@code 64KiB}, {@code 1MiB}. */
    public static ValueType<Integer> size(int minimum, int maximum) {
        String format = "a size like 1048576 or 1MiB";
        String range = "a size from " + printBytes(minimum) + " to " + printBytes(maximum);
        return new ValueType<>("size", format, int.class,
                text -> (int) within(bytes(text, format, range), minimum, maximum, range), ValueType::printSize);
    }

    /** A byte count that may exceed 2 GiB ({@code 10GiB}); 0 is allowed when {@code minimum} is 0. */
    public static ValueType<Long> largeSize(long minimum) {
        String format = "a size like 1073741824 or 10GiB";
        return new ValueType<>("size", format, long.class,
                text -> within(bytes(text, format, format), minimum, Long.MAX_VALUE, format), ValueType::printLargeSize);
    }

    /** One of a fixed set of names, each standing for a constant of {@code type}. */
    public static <E extends Enum<E>> ValueType<E> choice(Class<E> type, Function<E, String> naming) {
        E[] constants = type.getEnumConstants();
        String expected = "one of " + String.join(", ", java.util.Arrays.stream(constants).map(naming).toList());
        return new ValueType<>("choice", expected, type, text -> java.util.Arrays.stream(constants)
                .filter(constant -> naming.apply(constant).equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(expected)), naming);
    }

    /** A positive duration: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}. */
    public static ValueType<Duration> duration() {
        String expected = "a positive duration like 500ms, 10s, 2m or 1h";
        return new ValueType<>("duration", expected, Duration.class, text -> {
            Matcher matcher = DURATION.matcher(text);
            if (!matcher.matches()) {
                throw new IllegalArgumentException(expected);
            }
            long amount = Long.parseLong(matcher.group(1));
            try {
                Duration value = switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
                if (value.isZero()) {
                    throw new IllegalArgumentException(expected);
                }
                return value;
            } catch (ArithmeticException tooLong) {
                throw new IllegalArgumentException(expected, tooLong);
            }
        }, ValueType::printDuration);
    }

    /** Non-empty text, e.g. a host name or an address; {@code name} is the type's name in the reference. */
    public static ValueType<String> text(String name, String expected) {
        return new ValueType<>(name, expected, String.class, text -> {
            if (text.isEmpty()) {
                throw new IllegalArgumentException(expected);
            }
            return text;
        }, Function.identity());
    }

    /** {@code true} or {@code false}. */
    public static ValueType<Boolean> bool() {
        String expected = "true or false";
        return new ValueType<>("boolean", expected, boolean.class, text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(expected);
        }, String::valueOf);
    }

    /** Text that may be empty (an empty default means "none"), printed and accepted as {@code ""} when empty. */
    public static ValueType<String> optionalText(String name, String expected) {
        return new ValueType<>(name, expected, String.class, text -> text.equals("\"\"") ? "" : text,
                value -> value.isEmpty() ? "\"\"" : value);
    }

    /** A file system path; relative paths resolve against the working directory. */
    public static ValueType<Path> path() {
        String expected = "a directory path";
        return new ValueType<>("path", expected, Path.class, text -> {
            try {
                if (text.isEmpty()) {
                    throw new IllegalArgumentException(expected);
                }
                return Path.of(text);
            } catch (InvalidPathException invalid) {
                throw new IllegalArgumentException(expected, invalid);
            }
        }, Path::toString);
    }

    /** A plain byte count or one with a binary unit; {@code format} if it is not one, {@code range} if too big. */
    private static long bytes(String text, String format, String range) {
        Matcher matcher = SIZE.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(format);
        }
        long value = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "b" : matcher.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit) {
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            default -> 0;
        };
        if (value > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException(range);
        }
        return value << shift;
    }

    private static long wholeNumber(String text, String expected) {
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException(expected);
        }
        return Long.parseLong(text);
    }

    private static long within(long value, long minimum, long maximum, String expected) {
        if (value < minimum || value > maximum) {
            throw new IllegalArgumentException(expected);
        }
        return value;
    }

    private static String printSize(int bytes) {
        return printLargeSize(bytes);
    }

    private static String printLargeSize(long bytes) {
        for (int index = 0; index < SIZE_UNITS.length; index++) {
            int shift = 30 - 10 * index;
            if (bytes != 0 && bytes % (1L << shift) == 0) {
                return (bytes >> shift) + SIZE_UNITS[index];
            }
        }
        return String.valueOf(bytes);
    }

    private static String printBytes(int bytes) {
        String printed = printSize(bytes);
        return Character.isDigit(printed.charAt(printed.length() - 1)) ? printed + " bytes" : printed;
    }

    private static String printDuration(Duration value) {
        long millis = value.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
